# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base every module runs on, in a plain module and in its action plugin alike.

A module declares its options and a ``run()`` of a few lines; this class owns the
rest: the client, name lookups (cached per run), checking ranges before any
request, compare-only-what-was-given, send-only-what-changed, check mode, diff,
secrets kept out of results, and a one-line ``msg``.
"""

from __future__ import annotations

import contextlib

from ansible_collections.cupi.telephony.plugins.module_utils import client as cupi_client
from ansible_collections.cupi.telephony.plugins.module_utils.client import CupiClient, CupiError
from ansible_collections.cupi.telephony.plugins.module_utils.connection import (
    NO_CACHE,
    cache_folder,
    check_connection,
    connection_argspec,
    writable_folder,
)
from ansible_collections.cupi.telephony.plugins.module_utils.plan import SECRET
from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import marked
from ansible_collections.cupi.telephony.plugins.module_utils.spec import object_label
from ansible_collections.cupi.telephony.plugins.module_utils.resources import WRITES, resource_at
from ansible_collections.cupi.telephony.plugins.module_utils.writer import (
    NO_LOCK,
    NOTICEABLE_WAIT,
    WAIT_FACTOR,
    WriterLock,
    WriterTimeout,
    writes_so_far,
)

# A create whose answer never came (a timeout, a dropped connection) is looked for by its key
# this many times, after 0.5, 1 and 2 s (the client's backoff), before the task gives up;
# it is never sent again, as the server may still commit it.
CREATE_LOOKS = 3


class ModuleFailure(Exception):
    """An expected failure: becomes ``failed: true`` with ``msg`` and extra keys."""

    def __init__(self, msg, **kwargs):
        super().__init__(msg)
        self.msg = msg
        self.kwargs = kwargs


def shown(names, limit=20):
    """Names for a message: the first ``limit``, then how many more."""
    names = list(names)
    return ", ".join(names[:limit]) + (" and %d more" % (len(names) - limit) if len(names) > limit else "")


def plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def difference(kind, name, action, parent=None, field=None, before=None, after=None, secret=False):
    """One difference between the server (``before``) and the task (``after``), as modules
    return it under ``differences``: one per changed field of an update, one per object
    created or deleted. Secret values are never shown."""
    if secret:
        before, after = SECRET, SECRET
    return {"object": object_label(kind, name, parent), "kind": kind, "name": str(name), "parent": parent,
            "action": action, "field": field, "before": before, "after": after}


def field_differences(resource, name, have, want, fields, parent=None):
    """The update differences of ``fields`` between ``have`` (server) and ``want``."""
    return [difference(resource.kind, name, "update", parent, f, have.get(f), want.get(f),
                       resource.by_option[f].secret) for f in fields]


def missing_library(name, error):
    return ModuleFailure(
        "Failed to import the required Python library (%s) on the controller's Python. "
        "Install it with: pip install %s" % (name, name), exception=error)


def _list_key(resource, parents):
    """The task's key of the list of ``resource`` under ``parents`` (a dict of parent ids)."""
    return ("list", resource.root, tuple(sorted(parents.items())))


class CupiRunner:
    """Subclasses set ``argument_spec`` (their own options) and implement ``run()``."""

    argument_spec = {}
    # A module that adds objects whose names the server does not keep unique (ports, port
    # group servers, codecs, AXL servers): it reads, decides and writes as the only writer
    # to the server on this controller (``sole_writer``).
    one_writer = False
    mutually_exclusive = []
    required_if = []
    required_one_of = []
    required_together = []

    # A module that names the options that are not settings (its key, its parents, what
    # applies at creation only) has the option ``settings``: its other options in one
    # dictionary, as the integration role's data holds them. ``merge_settings`` folds it in.
    not_settings = None

    @classmethod
    def settings_keys(cls):
        """The options ``settings`` may hold, or () for a module without it."""
        if cls.not_settings is None:
            return ()
        return tuple(name for name in cls.argument_spec if name not in cls.not_settings)

    @classmethod
    def full_argument_spec(cls):
        spec = connection_argspec()
        spec.update(cls.argument_spec)
        if cls.not_settings is not None:
            spec["settings"] = dict(type="dict")
        return spec

    @classmethod
    def validator_options(cls):
        return dict(
            mutually_exclusive=cls.mutually_exclusive,
            required_if=cls.required_if,
            required_one_of=cls.required_one_of,
            required_together=cls.required_together,
        )

    def __init__(self, params, check_mode=False, diff=False, run_id=None, ansible_home=None):
        self.params = params
        # Set by the action plugin: one id per run of ansible-playbook, for the run cache, and
        # Ansible's home (ANSIBLE_HOME), under which the caches live unless cache_dir says.
        self.run_id = run_id
        self.cache_dir = cache_folder(params, ansible_home)
        self.check_mode = check_mode
        self.diff_mode = diff
        self.warnings = []
        self._client = None
        self._cache = {}
        self._plans = []  # what this task sends (``apply``), for the result's ``requests``
        self._writes_seen = None  # the run's count of the server's writes (note_writes_seen)

    # -- running -------------------------------------------------------------
    def execute(self):
        """Check the input, run, and turn expected failures into ModuleFailure."""
        errors = check_connection(self.params) + self.check()
        if errors:
            raise ModuleFailure("; ".join(errors))
        try:
            self.note_writes_seen()
            with self.sole_writer():
                result = self.run()
        except CupiError as exc:
            raise ModuleFailure(str(exc), error=exc.to_dict(), requests=self.requests())
        except ModuleFailure as exc:
            exc.kwargs.setdefault("requests", self.requests())
            raise
        else:
            result["requests"] = self.requests()
            return result
        finally:
            if self._client is not None:
                self._client.close()
                # What the client has to say (a cache file ignored), once each.
                self.warnings += [w for w in self._client.warnings if w not in self.warnings]

    def note_writes_seen(self):
        """Before the run's first read, the writes to its server so far (writer.py): a writer
        task later knows whether its run's lists came before or after another task's write.
        Kept for ``sole_writer`` (None without a run cache, or for lists read with none noted)."""
        if self.client.run_cache is not None:
            base_url, folder = self.client.base_url, self.cache_dir
            self._writes_seen = self.client.run_cache.writes_seen(lambda: writes_so_far(base_url, folder))

    @contextlib.contextmanager
    def sole_writer(self):
        """The task as the only writer to its server among the tasks of every run and fork on
        this controller (``one_writer`` modules, not in check mode): from its first read to its
        last write. See plugins/module_utils/writer.py."""
        if not self.one_writer or self.check_mode:
            yield
            return
        lock = WriterLock(self.client.base_url, self.cache_dir, self.params["timeout"] * WAIT_FACTOR, self.run_id,
                          seen=self._writes_seen)
        where = "%s:%s" % (self.params["hostname"], self.params["port"])
        try:
            lock.acquire()
        except WriterTimeout as exc:
            raise ModuleFailure(
                "waited %.0f s (%d x timeout) for another task writing to %s to finish, and it has not: "
                "nothing was read or written. If no task on this controller is writing to %s, remove the "
                "lock file %s" % (exc.waited, WAIT_FACTOR, where, where, exc.path))
        if lock.problem:
            self.warnings.append(NO_LOCK % (where, lock.problem))
        elif lock.waited > NOTICEABLE_WAIT:
            self.warnings.append("waited %.1f s for another task writing to %s: tasks that add ports, servers or "
                                 "codecs to one server are served one after the other" % (lock.waited, where))
        if lock.stale and self.client.run_cache is not None:
            self.client.run_cache.clear()  # another task wrote since this run read: read the server
        try:
            yield
        finally:
            lock.release(any(s.sent and s.method in WRITES for plan in self._plans for s in plan))

    def check(self):
        """Errors in the options, found before any request; subclasses extend it."""
        return []

    def run(self):  # pragma: no cover - every module implements it
        raise NotImplementedError

    @property
    def client(self):
        if self._client is None:
            if not cupi_client.HAS_REQUESTS:
                raise missing_library("requests", cupi_client.REQUESTS_IMPORT_ERROR)
            if not cupi_client.HAS_XMLTODICT:
                raise missing_library("xmltodict", cupi_client.XMLTODICT_IMPORT_ERROR)
            p = self.params
            self._client = CupiClient(
                hostname=p["hostname"], username=p["username"], password=p["password"],
                port=p["port"], use_ssl=p["use_ssl"], validate_certs=p["validate_certs"],
                ca_path=p.get("ca_path"), timeout=p["timeout"], api_format=p["api_format"],
                session_cache=self.session_cache_folder(), run_id=self.run_id)
            if not p["validate_certs"] and p["use_ssl"]:
                self.warnings.append(
                    "validate_certs is false: the certificate of %s is not verified" % p["hostname"])
        return self._client

    def session_cache_folder(self):
        """The cache folder when the session cache is on and the folder can be written; else
        None, with a warning (the same text for every task: Ansible shows it once per run)."""
        if not self.params.get("session_cache"):
            return None
        problem = writable_folder(self.cache_dir)
        if problem:
            self.warnings.append(NO_CACHE % (self.cache_dir, problem))
            return None
        return self.cache_dir

    # -- lookups (cached per run) ----------------------------------------------
    def list_objects(self, resource, fresh=False, complete=True, **parents):
        """Every object of a type (under its parent), read once per run; ``fresh`` reads it
        again (what the server changes by itself, such as a reset's progress). Without
        ``complete``, rows this run created or changed and has not read since are as the run
        holds them: enough to find an object and name it, not to compare it."""
        key = _list_key(resource, parents)
        rows = None if fresh else self._cache.get(key)
        if rows is None or (complete and marked(rows)):
            rows = self.client.list(resource.collection_path(**parents), resource.root, fresh=fresh,
                                    partial=not complete)
            self._cache[key] = rows
        return rows

    def list_at_once(self, resources, fresh=False):
        """``list_objects`` of several types that have no parent, the server read for them at
        once (CupiClient.lists): the reads of one task that do not wait on one another."""
        wanted = [r for r in resources if fresh or _list_key(r, {}) not in self._cache]
        read = self.client.lists([(r.collection_path(), r.root) for r in wanted], fresh=fresh)
        for resource, rows in zip(wanted, read):
            self._cache[_list_key(resource, {})] = rows

    def create(self, path, root, body, find, what="the object"):
        """POST once. When the server is busy (503: it did not take the request), ``find()``
        looks for the object before the POST is sent again. When the answer never came (a
        timeout, a dropped connection), the server may have committed the create, or may
        still: ``find()`` looks for it (``CREATE_LOOKS`` times, with backoff), and when it is
        not there the task fails; the POST is never sent again. Returns the new object's id;
        when the answer does not name it (a 201 with neither a body nor a Location),
        ``find()`` does."""
        attempt = 0
        while True:
            attempt += 1
            try:
                created = self.client.create(path, root, body)
                if created is None:
                    created = find()
                if created is None:
                    raise CupiError("the server answered the create but did not say the new object's URI, "
                                    "and it cannot be found by its key", method="POST", path=path)
                return created
            except CupiError as exc:
                if not exc.retryable or attempt > self.client.retries:
                    raise
                busy = exc.status == 503  # the server did not take it: one look, then again
                found = self.look_for(find, range(attempt, attempt + 1) if busy else range(1, CREATE_LOOKS + 1))
                if found:
                    return found
                if not busy:
                    raise self.unanswered(exc, what)

    def look_for(self, find, pauses):
        """``find()`` after each pause of the client's backoff (``pauses``: 1 for 0.5 s, 2 for
        1 s, 3 for 2 s, ...), reading the server each time (never the run's lists), until it
        finds the object or the pauses ran out."""
        for pause in pauses:
            self.client.backoff_sleep(pause)
            if self.client.run_cache is not None:
                self.client.run_cache.clear()
            found = find()
            if found:
                return found
        return None

    def unanswered(self, exc, what):
        """The failure of a create whose answer never came and whose object is not there (yet)."""
        waited = sum(self.client.backoff * 2 ** n for n in range(CREATE_LOOKS))
        return ModuleFailure(
            "%s: %s %s: %s; after %d looks over %.1f s what it creates is not on the server. The request "
            "was not sent again: the server may still commit it, and a second one could create it twice. "
            "Run the task again once the server is done: it finds what the server committed and creates "
            "only what is missing" % (what, exc.method, exc.path, exc.message, CREATE_LOOKS, waited),
            error=exc.to_dict())

    def find(self, resource, name, fresh=False, complete=True, **parents):
        """The raw object whose name field equals ``name`` (case-insensitive), or None.

        The whole list is read (once per task, and once per run with the run cache), so
        the next lookup of a sibling costs nothing: phone systems, port groups, profiles
        and certificates number in the tens, not thousands. An object this run created
        is read (one GET) only when ``complete`` asks for every field."""
        key = _list_key(resource, parents)
        if fresh:
            self._cache.pop(key, None)
            if self.client.run_cache is not None:
                self.client.run_cache.clear()
        rows = self.list_objects(resource, complete=False, **parents)
        wanted = str(name).lower()
        matches = [r for r in rows if r.get(resource.name_field, "").lower() == wanted]
        if matches and complete and marked(matches[:1]):
            return self.client.get(resource.object_path(matches[0]["ObjectId"], **parents), resource.root)
        return matches[0] if matches else None

    def not_found(self, resource, name, option):
        """The error for a ``resource`` called ``name``, given as ``option``, that is not there."""
        names = sorted(r.get(resource.name_field, "") for r in self.list_objects(resource, complete=False))
        return ModuleFailure("%s: %s %r not found; %ss on %s: %s" % (
            option, resource.kind, name, resource.kind, self.params["hostname"], shown(names) or "none"))

    def object_id(self, resource, name, required=True, option=None):
        """The object id of the ``resource`` object called ``name`` (cached per run).

        In check mode a missing object is taken as one an earlier task of the same run
        would create: a warning, and None.
        """
        key = ("object_id", resource.root, name.lower())
        if key not in self._cache:
            found = self.find(resource, name, complete=False)
            self._cache[key] = found.get("ObjectId") if found else None
        if self._cache[key] is None and required and self.check_mode:
            self.warnings.append(
                "%s %r does not exist (yet): in check mode what hangs under it is taken "
                "as empty" % (resource.kind, name))
        elif self._cache[key] is None and required:
            raise self.not_found(resource, name, option or resource.kind.replace(" ", "_"))
        return self._cache[key]

    # -- references and conversion ------------------------------------------------
    def reference_id(self, field, value, label=""):
        """The object id of the object that ``value`` names (``''`` clears the reference).

        ``label`` prefixes the option in messages (``codecs[1].``)."""
        if value == "":
            return ""
        ref = field.reference
        rows = self.list_objects(ref.resource, complete=False)
        wanted = str(value).lower()
        for row in rows:
            if str(row.get(ref.by, "")).lower() == wanted:
                return row.get(ref.resource.id_field)
        if self.check_mode and not ref.fixed:
            self.warnings.append("%s%s: %s %r does not exist (yet); in check mode this is taken as "
                                 "created earlier in the run" % (label, field.option, ref.resource.kind, value))
            return None
        names = sorted(str(r.get(ref.by, "")) for r in rows)
        raise ModuleFailure("%s%s: %s %r not found; on %s: %s" % (
            label, field.option, ref.resource.kind, value, self.params["hostname"], ", ".join(names) or "none"))

    def reference_value(self, field, object_id):
        """The value naming the object with ``object_id`` (its id when it is unknown)."""
        if not object_id:
            return ""
        ref = field.reference
        by_field = ref.resource.by_cupi.get(ref.by)
        for row in self.list_objects(ref.resource, complete=False):
            if row.get(ref.resource.id_field) == object_id:
                raw = row.get(ref.by, "")
                return by_field.from_api(raw) if by_field is not None else raw
        return object_id

    def as_options(self, resource, raw):
        """A server object as module options: names instead of referenced ids."""
        obj = resource.from_api(raw)
        for field in resource.fields:
            if field.reference is not None and field.option in obj:
                display = field.reference.display
                if display and raw.get(display) and obj[field.option]:
                    obj[field.option] = raw[display]  # the server names it in the object itself
                else:
                    obj[field.option] = self.reference_value(field, obj[field.option])
        return obj

    def payload(self, resource, given, creating, label="", parents=None):
        """The CUPI body for the given options; references resolved to ids.

        It also carries what Cisco's example for the operation sends beside the options:
        the parent's id (``Resource.parent_field``) and the create's fixed values."""
        body = {}
        if resource.parent_field and parents and (creating or resource.parent_on_update):
            (body[resource.parent_field],) = parents.values()
        if creating:
            body.update(resource.create_constants)
            given = dict(resource.create_defaults, **dict((k, v) for k, v in given.items() if v is not None))
        for field in resource.writable():
            value = given.get(field.option)
            if value is None or (field.create_only and not creating):
                continue
            body[field.cupi] = self.reference_id(field, value, label) if field.reference else field.to_api(value)
        return body

    def update_payload(self, resource, given, changed, parents=None, label=""):
        """The PUT body: the changed options and those every update names (its key)."""
        sent = list(changed) + [o for o in resource.update_always if o not in changed and given.get(o) is not None]
        return self.payload(resource, dict((k, given[k]) for k in sent), False, label, parents)

    # -- the dry run's predictions ---------------------------------------------------------
    def predict(self, kind, name, value):
        """Keep what a dry run predicts the server would make or derive (``kind`` of the object
        called ``name``) for its later tasks; only in check mode, where nothing is written."""
        if self.check_mode and self.client.run_cache is not None:
            self.client.run_cache.predict("%s|%s" % (kind, str(name).lower()), value)

    def prediction(self, kind, name):
        """What an earlier task of this dry run predicted (None outside check mode)."""
        if self.check_mode and self.client.run_cache is not None:
            return self.client.run_cache.prediction("%s|%s" % (kind, str(name).lower()))
        return None

    # -- plans ---------------------------------------------------------------------------
    def apply(self, plan):
        """Send the plan's requests in order (none in check mode); returns the plan."""
        self._plans.append(plan)
        for step in plan if not self.check_mode else ():
            step.sent = True  # a failed request is in the task's requests too
            if step.method == "POST":
                step.created = self.create(step.path, step.root, step.body, step.find, created_label(step))
            elif step.method == "DELETE":
                self.client.delete(step.target())
            elif step.body is None:
                self.client.action(step.target())
            else:
                self.client.update(step.target(), step.root, step.body)
            self.written(step)
        return plan

    def written(self, step):
        """Tell the run cache what a write did, as the written type declares it
        (``Resource.write_effects``); a path of no declared type forgets every list."""
        cache = self.client.run_cache
        found = resource_at(step.target() if step.method != "POST" else step.path)
        if cache is None:
            return
        if found is None:
            cache.clear()
            return
        resource, collection, parent_id, object_id, _action = found
        if parent_id is None and resource.parent_field:
            parent_id = ((step.body or {}).get(resource.parent_field)
                         or (cache.row(collection, object_id) or {}).get(resource.parent_field))
        cache.apply(resource.write_effects(step.method, collection, object_id, step.body, step.created, parent_id))

    def requests(self):
        """The requests of this task's plans, secrets masked: those sent, or in check mode
        those it would send."""
        return [s.shown() for plan in self._plans for s in plan if s.sent or self.check_mode]

    def always_changed(self, resource, given):
        """Secret options that are sent whenever given (``update_password: always``)."""
        if self.params.get("update_password") != "always":
            return []
        return [f.option for f in resource.writable() if f.secret and given.get(f.option) is not None]

    def result(self, changed, msg, key, was, now, differences, **extra):
        """Every module's result but telephony_info's and port_group_reset's: ``changed``,
        ``msg``, the object or the list under ``key`` as it is after the task (``now``; in check
        mode, as it would be), ``differences`` (``difference``), and ``extra``; with ``--diff``,
        ``diff``: the object before (``was``) and after, or the list before and after under ``key``.
        ``execute`` adds ``requests``."""
        result = dict(extra, changed=changed, msg=msg, differences=differences)
        result[key] = now
        if self.diff_mode:
            shown = (lambda value: {key: value}) if isinstance(now, list) else (lambda value: value)
            result["diff"] = {"before": shown(was), "after": shown(now)}
        return result


def created_label(step):
    """What a POST step creates, for messages: ``AXL server 10.1.1.10``, ``port group HQ-SIP``,
    or, for what has no name, what the step says (``add 4 ports``)."""
    found = resource_at(step.path)
    resource = found[0] if found else None
    name = " ".join(str(k) for k in step.key) if step.key else None
    if name is None and resource is not None and resource.name_field:
        name = (step.body or {}).get(resource.name_field)
    if resource is None or not name:
        return step.why or "the object"
    return "%s %s" % (resource.kind, name)


def object_argspec(resource, key="name", update_password=False):
    """The options of a single-object module: the resource's fields, its key
    (required), ``state`` and, for resources with secrets, ``update_password``."""
    spec = resource.argspec(required=(key,))
    spec["state"] = dict(type="str", choices=["present", "absent"], default="present")
    if update_password:
        spec["update_password"] = dict(type="str", choices=["always", "on_create"], default="on_create")
    return spec


def merge_settings(params, runner_cls, defaults=None):
    """Fold ``settings`` into ``params`` (in place), before the options are validated, so that
    each key is checked as the option of that name (type, choices, no_log). Returns an error
    message, or None: a key that is not one of the settings, one given both ways. ``defaults``:
    what module_defaults set (ansible merges them into the task's options), which ``settings``
    overrides as the task's own options do. ``settings`` leaves ``params`` even when refused,
    its values unseen."""
    settings = params.pop("settings", None)
    if settings is None:
        return None
    allowed = runner_cls.settings_keys()
    if not isinstance(settings, dict):
        return "settings: expected a dictionary of %s, got %s" % (", ".join(allowed), type(settings).__name__)
    unknown = sorted(str(key) for key in settings if key not in allowed)
    if unknown:
        return "settings: unknown key%s %s; allowed: %s" % (
            "s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(allowed))
    defaults = defaults or {}
    both = sorted(key for key in settings if params.get(key) is not None
                  and not (key in defaults and params[key] == defaults[key]))
    if both:
        return "settings: %s also given as an option of its own; give each once" % ", ".join(both)
    params.update(settings)
    return None


def argument_errors(validation, module_name):
    """One message for the argument spec's errors, worded as AnsibleModule words them."""
    from ansible.module_utils.errors import UnsupportedError

    messages = []
    for error in validation.errors:
        text = str(error)
        if isinstance(error, UnsupportedError):
            text = "Unsupported parameters for (cupi.telephony.%s) module: %s" % (module_name, text)
        messages.append(text)
    return "; ".join(messages)


def run_module(runner_cls):
    """The plain-module path: AnsibleModule validates, the runner does the work. ``settings``
    is folded into the options as AnsibleModule reads them, before it validates or logs
    them, so that each key is checked as its option and a password in it is no_log."""
    from ansible.module_utils.basic import AnsibleModule

    class Module(AnsibleModule):
        settings_error = None

        def _load_params(self):
            super()._load_params()
            self.settings_error = merge_settings(self.params, runner_cls)

    module = Module(argument_spec=runner_cls.full_argument_spec(), supports_check_mode=True,
                    **runner_cls.validator_options())
    if module.settings_error:
        module.fail_json(msg=module.settings_error)
    runner = runner_cls(module.params, check_mode=module.check_mode, diff=module._diff)
    try:
        result = runner.execute()
    except ModuleFailure as exc:
        for warning in runner.warnings:
            module.warn(warning)
        module.fail_json(msg=exc.msg, **exc.kwargs)
    for warning in runner.warnings:
        module.warn(warning)
    module.exit_json(**result)


__all__ = ["CupiRunner", "ModuleFailure", "argument_errors", "merge_settings", "object_argspec", "run_module"]
