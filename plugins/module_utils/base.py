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

import os

from ansible_collections.cupi.telephony.plugins.module_utils import client as cupi_client
from ansible_collections.cupi.telephony.plugins.module_utils.client import PARTIAL, CupiClient, CupiError, build_query
from ansible_collections.cupi.telephony.plugins.module_utils.connection import (
    SESSION_CACHE_DIR,
    check_connection,
    connection_argspec,
)
from ansible_collections.cupi.telephony.plugins.module_utils.spec import object_label
from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    INTEGRATIONS,
    PHONE_SYSTEM,
    PORT,
    PORT_GROUP,
    PORT_GROUP_TEMPLATE,
)


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


def dependents_phrase(dependents):
    """What a delete takes with it, for ``msg``: `` with 2 port groups (A, B) and 6 ports``."""
    if "port_groups" in dependents:  # a phone system
        groups = dependents["port_groups"]
        if not groups:
            return " with no port groups"
        names = shown((g["name"] for g in groups), 10)
        return " with %s (%s) and %s" % (plural(len(groups), "port group"), names, plural(dependents["ports"], "port"))
    if "ports" in dependents:  # a port group
        ports = dependents["ports"]
        return " with %s (%s)" % (plural(len(ports), "port"), shown(ports, 10)) if ports else " with no ports"
    return ""


SECRET = "(secret)"


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


def port_count(raw):
    """A port group's or phone system's ``PortCount`` as a number; None when it is not shown."""
    try:
        return int(str(raw.get("PortCount")).strip())
    except ValueError:
        return None


def missing_library(name, error):
    return ModuleFailure(
        "Failed to import the required Python library (%s) on the controller's Python. "
        "Install it with: pip install %s" % (name, name), exception=error)


class CupiRunner:
    """Subclasses set ``argument_spec`` (their own options) and implement ``run()``."""

    argument_spec = {}
    mutually_exclusive = []
    required_if = []
    required_one_of = []
    required_together = []
    # What to tell the user when the server has no create for the object (404, 405, 501):
    # a create the reference does not document (SIP certificates).
    create_unsupported = None

    @classmethod
    def full_argument_spec(cls):
        spec = connection_argspec()
        spec.update(cls.argument_spec)
        return spec

    @classmethod
    def validator_options(cls):
        return dict(
            mutually_exclusive=cls.mutually_exclusive,
            required_if=cls.required_if,
            required_one_of=cls.required_one_of,
            required_together=cls.required_together,
        )

    def __init__(self, params, check_mode=False, diff=False, run_id=None):
        self.params = params
        # Set by the action plugin: one id per run of ansible-playbook, for the run cache.
        self.run_id = run_id
        self.check_mode = check_mode
        self.diff_mode = diff
        self.warnings = []
        self._client = None
        self._cache = {}
        # The ids the server gave the children this task created, by their key.
        self._created = {}

    # -- running -------------------------------------------------------------
    def execute(self):
        """Check the input, run, and turn expected failures into ModuleFailure."""
        errors = check_connection(self.params) + self.check()
        if errors:
            raise ModuleFailure("; ".join(errors))
        try:
            return self.run()
        except CupiError as exc:
            raise ModuleFailure(str(exc), error=exc.to_dict())
        finally:
            if self._client is not None:
                self._client.close()

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
                session_cache=os.path.expanduser(SESSION_CACHE_DIR) if p.get("session_cache") else None,
                run_id=self.run_id)
            if not p["validate_certs"] and p["use_ssl"]:
                self.warnings.append(
                    "validate_certs is false: the certificate of %s is not verified" % p["hostname"])
        return self._client

    # -- lookups (cached per run) ----------------------------------------------
    def list_objects(self, resource, fresh=False, complete=True, **parents):
        """Every object of a type (under its parent), read once per run; ``fresh`` reads it
        again (what the server changes by itself, such as a reset's progress). Without
        ``complete``, the objects this run created are as it sent them, not read back:
        enough to find them and name them."""
        key = ("list", resource.root, tuple(sorted(parents.items())))
        rows = None if fresh else self._cache.get(key)
        if rows is None or (complete and any(PARTIAL in row for row in rows)):
            rows = self.client.list(resource.collection_path(**parents), resource.root, fresh=fresh,
                                    partial=not complete)
            self._cache[key] = rows
        return rows

    def create(self, path, root, body, find, known=None):
        """POST once. When the answer is lost (dropped connection, timeout) or the server
        is busy, ``find()`` looks for the object before the POST is sent again, so that
        nothing is ever created twice. Returns the new object's id; when the answer does not
        name it (a 201 with neither a body nor a Location), ``find()`` does."""
        attempt = 0
        while True:
            attempt += 1
            try:
                created = self.client.create(path, root, body, known)
                if created is None:
                    created = find()
                if created is None:
                    raise CupiError("the server answered the create but did not say the new object's URI, "
                                    "and it cannot be found by its key", method="POST", path=path)
                return created
            except CupiError as exc:
                if not exc.retryable or attempt > self.client.retries:
                    raise
                self.client.backoff_sleep(attempt)
                found = find()
                if found:
                    return found

    def find(self, resource, name, fresh=False, complete=True, **parents):
        """The raw object whose name field equals ``name`` (case-insensitive), or None.

        The whole list is read (once per task, and once per run with the run cache), so
        the next lookup of a sibling costs nothing: phone systems, port groups, profiles
        and certificates number in the tens, not thousands. An object this run created
        is read (one GET) only when ``complete`` asks for every field."""
        key = ("list", resource.root, tuple(sorted(parents.items())))
        if fresh:
            self._cache.pop(key, None)
            if self.client.run_cache is not None:
                self.client.run_cache.clear()
        rows = self.list_objects(resource, complete=False, **parents)
        wanted = str(name).lower()
        matches = [r for r in rows if r.get(resource.name_field, "").lower() == wanted]
        if matches and complete and PARTIAL in matches[0]:
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

    def phone_system_id(self, name):
        return self.object_id(PHONE_SYSTEM, name)

    def port_group_id(self, name):
        return self.object_id(PORT_GROUP, name)

    def template_id(self, integration):
        """The id of the port group template of an integration (sccp, sip, pimg)."""
        code = str(INTEGRATIONS[integration])
        for row in self.list_objects(PORT_GROUP_TEMPLATE):
            if row.get("CopyTelephonyIntegrationMethodEnum") == code:
                return row["ObjectId"]
        raise ModuleFailure("the server has no port group template for integration %s" % integration)

    # -- what a delete takes with it -------------------------------------------------
    def group_ports(self, group_id, whole=False):
        """The raw ports of one port group, in number order: one query (its answer filtered
        again, for a server that ignores the query); with ``whole``, from the list of every
        port, read once per run for all the groups (a task per group then reads nothing)."""
        if whole:
            rows = self.list_objects(PORT)
        else:
            rows = self.client.list(PORT.path, PORT.root, query=build_query("MediaPortGroupObjectId", group_id))
        rows = [r for r in rows if r.get("MediaPortGroupObjectId") == group_id]
        number = PORT.by_option["number"]
        return sorted(rows, key=lambda r: number.from_api(r.get("PortNumInGroup")) or 0)

    def port_group_dependents(self, group):
        """The ports that deleting the port group ``group`` (raw) deletes with it. No request
        when the group counts no ports (``PortCount``), else one query."""
        names = [] if port_count(group) == 0 else [r.get("DisplayName", "") for r in self.group_ports(group["ObjectId"])]
        return {"ports": names, "port_count": len(names)}

    def phone_system_dependents(self, system):
        """The port groups and ports that deleting the phone system ``system`` (raw) deletes
        with it. The port groups come from their list (read once per run); each counts its
        ports (``PortCount``), so ports are read only for groups that do not show it: one
        query for one group, one read of every port for more."""
        groups = [g for g in self.list_objects(PORT_GROUP, complete=False)
                  if g.get("MediaSwitchObjectId") == system["ObjectId"]]
        counts = dict((g["ObjectId"], port_count(g)) for g in groups)
        unknown = [group_id for group_id, count in counts.items() if count is None]
        if len(unknown) == 1:
            counts[unknown[0]] = len(self.group_ports(unknown[0]))
        elif unknown:
            counts.update((group_id, 0) for group_id in unknown)
            for row in self.list_objects(PORT):
                if row.get("MediaPortGroupObjectId") in unknown:
                    counts[row["MediaPortGroupObjectId"]] += 1
        integration = PORT_GROUP.by_option["integration"]
        port_groups = [dict(name=g.get("DisplayName", ""), integration=integration.from_api(
            g.get("TelephonyIntegrationMethodEnum")), port_count=counts[g["ObjectId"]]) for g in groups]
        return {"port_groups": port_groups, "ports": sum(counts.values())}

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

    def present(self, resource, raw):
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

    # -- one object ------------------------------------------------------------
    def ensure_object(self, resource, name, desired, state, result_key, parents=None,
                      create_extra=None, required_on_create=(), dependents=None):
        """Make the object called ``name`` present with ``desired`` options, or absent.

        ``desired`` holds the module options (None = not given, never compared or
        sent). ``create_extra`` is a callable giving more CUPI fields for the POST;
        ``required_on_create`` lists the options a new object needs. ``dependents``
        is a callable that, given the raw object about to be deleted, says what the
        server deletes with it (a dict, or None): it goes in the result under
        ``dependents`` and in ``msg``, in check mode as in a real run. Returns the
        module result.
        """
        parents = parents or {}
        current_raw = self.find(resource, name, **parents)
        before = self.present(resource, current_raw) if current_raw else {}
        label = "%s %s" % (resource.kind, name)

        if state == "absent":
            if not current_raw:
                return self._result(False, "%s is absent" % label, result_key, {}, {}, {}, [])
            gone = dependents(current_raw) if dependents else None  # read before it is deleted
            if not self.check_mode:
                self.client.delete(resource.object_path(current_raw["ObjectId"], **parents))
            result = self._result(True, "%s deleted%s" % (label, dependents_phrase(gone or {})), result_key, {},
                                  before, {}, [difference(resource.kind, name, "delete")])
            if gone is not None:
                result["dependents"] = gone
            return result

        given = dict((k, v) for k, v in desired.items() if v is not None)
        if not current_raw:
            missing = [o for o in required_on_create if given.get(o) is None]
            if missing:
                raise ModuleFailure("%s does not exist; to create it, set %s" % (label, ", ".join(missing)))
            body = self.payload(resource, given, True, parents=parents)  # resolves references: errors now
            if self.check_mode:
                after = dict((k, v) for k, v in given.items() if not resource.by_option[k].secret)
                after["object_id"] = None
            else:
                body.update(create_extra() if create_extra else {})
                try:
                    object_id = self.create(
                        resource.collection_path(**parents), resource.root, body,
                        lambda: (self.find(resource, name, fresh=True, **parents) or {}).get("ObjectId"),
                        resource.created_with)
                except CupiError as exc:
                    if self.create_unsupported and exc.status in (404, 405, 501):
                        raise ModuleFailure("%s: %s (%s)" % (label, self.create_unsupported, exc), error=exc.to_dict())
                    raise
                for child in resource.created_empty:
                    self.client.known(child.collection_path(**child.parents_of(parents, object_id)), child.root, [])
                # Not read back (docs/decisions.md): what was sent, and the id the server gave.
                after = self.present(resource, dict(body, ObjectId=object_id, **resource.created_with))
            return self._result(True, "%s created" % label, result_key, after, {}, after,
                                [difference(resource.kind, name, "create")])

        changed = resource.differences(before, given)
        fixed = [k for k in changed if resource.by_option[k].create_only]
        if fixed:
            raise ModuleFailure("; ".join(
                "%s of %s is %r and cannot be changed to %r; delete the %s and create it again"
                % (k, label, before[k], given[k], resource.kind) for k in fixed))
        changed += self.always_changed(resource, given)
        if not changed:
            return self._result(False, "%s is as requested" % label, result_key, before, before, before, [])
        after = dict(before)
        after.update((k, given[k]) for k in changed if not resource.by_option[k].secret)
        if "reset_status" in after and any(resource.by_option[k].resets for k in changed):
            after["reset_status"] = "required"  # what the server will say (CUPI_FACTS)
        body = self.update_payload(resource, given, changed, parents)
        if not self.check_mode:
            # Not read back (docs/decisions.md): the object as it was, with what was sent.
            self.client.update(resource.object_path(current_raw["ObjectId"], **parents), resource.root, body)
        return self._result(True, "%s updated (%s)" % (label, ", ".join(changed)), result_key, after, before, after,
                            field_differences(resource, name, before, given, changed))

    def always_changed(self, resource, given):
        """Secret options that are sent whenever given (``update_password: always``)."""
        if self.params.get("update_password") != "always":
            return []
        return [f.option for f in resource.writable() if f.secret and given.get(f.option) is not None]

    def _result(self, changed, msg, key, obj, before, after, differences):
        result = {"changed": changed, "msg": msg, key: obj, "differences": differences}
        if self.diff_mode:
            result["diff"] = {"before": before, "after": after}
        return result

    # -- a list of children ------------------------------------------------------
    def ensure_children(self, resource, parents, items, state, key_options, label,
                        result_key, order_option=None, order_scope=(), recreate=False, spare=None,
                        items_option="items", parent_label=None):
        """Converge the children of one parent to ``items``.

        merged: the listed items exist as given; replaced: exactly the listed items;
        deleted: the listed items are gone (all of them when none are listed).
        Items are matched on ``key_options``. With ``order_option`` (replaced
        only), items that do not set it are put in list order, counted among the items
        that share the ``order_scope`` options (servers of one type); see _order.
        With ``update_password: always``, secret options (passwords) are sent, and
        counted as a change, whenever they are given for an existing item. With
        ``recreate`` (children the server cannot update, such as codecs) a changed child
        is deleted and added again; ``spare(child)`` gives the body of a temporary child
        that keeps the parent from having none meanwhile.
        """
        if any(v is None for v in parents.values()):
            current_raw = []  # check mode, the parent would be created earlier in the run
        else:
            current_raw = self.client.list(resource.collection_path(**parents), resource.root)
        current = [self.present(resource, r) for r in current_raw]
        by_key = dict((self._item_key(c, key_options), c) for c in current)

        wanted = [dict((k, v) for k, v in item.items() if v is not None) for item in items]
        wanted_keys = [self._item_key(w, key_options) for w in wanted]
        list_order = bool(order_option and current and not any(order_option in c for c in current))
        if list_order:
            # The server does not show the order field (a codec's Preference is on no page of
            # the reference): the list order is the order, and the field is neither compared
            # nor sent.
            wanted = [dict((k, v) for k, v in w.items() if k != order_option) for w in wanted]
            order_option = None
        if order_option and state == "replaced":
            self._order(wanted, wanted_keys, by_key, order_option, order_scope)

        creates, updates, deletes = [], [], []
        if state == "deleted":
            targets = set(wanted_keys) if items else set(by_key)
            deletes = [c for c in current if self._item_key(c, key_options) in targets]
        else:
            for index, (given, key) in enumerate(zip(wanted, wanted_keys)):
                label_of = "%s[%d]." % (items_option, index)
                have = by_key.get(key)
                if have is None:
                    # Every body is built, and every name resolved, before the first write.
                    creates.append((given, self.payload(resource, given, True, label_of, parents)))
                    continue
                changed = resource.differences(have, given) + self.always_changed(resource, given)
                if changed:
                    if recreate:
                        body = self.payload(resource, dict(have, **given), True, label_of, parents)
                    else:
                        body = self.update_payload(resource, given, changed, parents, label_of)
                    updates.append((have, given, changed, body))
            if state == "replaced":
                deletes = [c for c in current if self._item_key(c, key_options) not in wanted_keys]
            if list_order and recreate and state == "replaced":
                updates += self._out_of_order(resource, parents, current, wanted, wanted_keys, by_key, updates,
                                              key_options, items_option)

        changed = bool(creates or updates or deletes)
        if changed and not self.check_mode:
            # Add and update first, remove last: the parent never lacks a child it needs.
            if recreate:
                self._recreate(resource, parents, creates, updates, wanted_keys, len(current), spare, key_options)
            else:
                for given, body in creates:
                    self.create_child(resource, parents, body, self._item_key(given, key_options), key_options)
            for have, given, fields, body in ([] if recreate else updates):
                self.client.update(resource.object_path(have["object_id"], **parents), resource.root, body)
            for have in deletes:
                self.client.delete(resource.object_path(have["object_id"], **parents))
        # Not read back (docs/decisions.md): the children as the server lists them after
        # these requests, with what was sent; in check mode, as they would be.
        after = self._predict(resource, current, creates, updates, deletes,
                              lambda item: self._item_key(item, key_options), wanted_keys if recreate else None)

        msg = "%s: %d added, %d updated, %d removed" % (label, len(creates), len(updates), len(deletes))
        if not changed:
            msg = "%s: as requested" % label
        result = {"changed": changed, "msg": msg, "before": current, "after": after, result_key: after,
                  "differences": self._child_differences(resource, key_options, parent_label, current, wanted_keys,
                                                         creates, updates, deletes)}
        if self.diff_mode:
            result["diff"] = {"before": {result_key: current}, "after": {result_key: after}}
        return result

    @staticmethod
    def _child_differences(resource, key_options, parent, current, wanted_keys, creates, updates, deletes):
        """``differences`` of a list of children: each child added or removed, each changed
        field, and each child moved to another place in the list (``order``)."""
        def name(item):
            return " ".join(str(item.get(k, "")) for k in key_options)
        result = [difference(resource.kind, name(given), "create", parent) for given, _body in creates]
        for have, given, fields, _body in updates:
            if fields:
                result += field_differences(resource, name(have), have, given, fields, parent)
            else:  # moved: deleted and added again in list order
                key = CupiRunner._item_key(have, key_options)
                result.append(difference(resource.kind, name(have), "update", parent, "order",
                                         current.index(have) + 1, wanted_keys.index(key) + 1))
        return result + [difference(resource.kind, name(have), "delete", parent) for have in deletes]

    def create_child(self, resource, parents, body, key, key_options):
        """POST a child; after a lost answer, the child with ``key`` may already be there."""
        collection = resource.collection_path(**parents)

        def find():
            for row in self.client.list(collection, resource.root):
                if self._item_key(self.present(resource, row), key_options) == key:
                    return row.get("ObjectId")
            return None
        self._created[key] = self.create(collection, resource.root, body, find)
        return self._created[key]

    def _order(self, wanted, wanted_keys, by_key, option, scope):
        """Give list order where the items leave ``option`` (precedence, preference)
        unset: values rise along the list, within each ``scope``. An existing child
        keeps its value while it already rises; others get the one after the last."""
        last = {}
        for given, key in zip(wanted, wanted_keys):
            group = self._item_key(given, scope)
            previous = last.get(group)
            if given.get(option) is None:
                have = by_key.get(key, {}).get(option)
                if isinstance(have, int) and (previous is None or have > previous):
                    given[option] = have
                else:
                    given[option] = 1 if previous is None else previous + 1
            last[group] = given[option]

    def _out_of_order(self, resource, parents, current, wanted, wanted_keys, by_key, updates, key_options,
                      items_option):
        """Children to add again so that the server's list order becomes the wanted order.

        The children kept in place are the longest start of the wanted list that is already
        the start of the server's list; every existing child after it is deleted and added
        again (new ones are added in between, in list order)."""
        listed = set(wanted_keys)
        on_server = [k for k in (self._item_key(c, key_options) for c in current) if k in listed]
        kept = 0
        while kept < len(wanted_keys) and kept < len(on_server) and wanted_keys[kept] == on_server[kept]:
            kept += 1
        queued = set(id(have) for have, _g, _f, _b in updates)
        moves = []
        for index in range(kept, len(wanted_keys)):
            have = by_key.get(wanted_keys[index])
            if have is not None and id(have) not in queued:
                body = self.payload(resource, dict(have, **wanted[index]), True, "%s[%d]." % (items_option, index),
                                    parents)
                moves.append((have, wanted[index], [], body))
        return moves

    def _recreate(self, resource, parents, creates, updates, wanted_keys, live, spare, key_options):
        """Children that have no update on the server: new ones are added, changed ones
        deleted and added again, in list order (the server lists children in the order they
        were added), never leaving the parent with none (a spare child bridges the last one)."""
        steps = [(None, self._item_key(given, key_options), body) for given, body in creates]
        steps += [(have, self._item_key(have, key_options), body) for have, _given, _fields, body in updates]
        steps.sort(key=lambda step: wanted_keys.index(step[1]) if step[1] in wanted_keys else len(wanted_keys))
        for have, key, body in steps:
            if have is None:
                self.create_child(resource, parents, body, key, key_options)
                live += 1
                continue
            bridge = None
            stand_in = spare(have) if live <= 1 and spare is not None else None
            if stand_in is not None:
                bridge = self.create_child(resource, parents, self.payload(resource, stand_in, True, parents=parents),
                                           self._item_key(stand_in, key_options), key_options)
            self.client.delete(resource.object_path(have["object_id"], **parents))
            self.create_child(resource, parents, body, key, key_options)
            if bridge is not None:
                self.client.delete(resource.object_path(bridge, **parents))

    @staticmethod
    def _item_key(item, key_options):
        return tuple(str(item.get(k, "") or "").lower() for k in key_options)

    def _predict(self, resource, current, creates, updates, deletes, key_of, recreated_in=None):
        """The children as the server lists them after ``creates``, ``updates`` and
        ``deletes``: updated ones in place, new ones at the end in the order they are added.
        With ``recreated_in`` (the wanted keys, for children that are deleted and added
        again), changed ones leave their place and join the new ones, in that order. A new
        child shows what was sent and the id the server gave (None in check mode)."""
        removed = set(id(c) for c in deletes)
        patched = dict((id(have), (given, fields)) for have, given, fields, _body in updates)
        after, added = [], [given for given, _body in creates]
        for child in current:
            if id(child) in removed:
                continue
            if id(child) in patched:
                given, fields = patched[id(child)]
                if recreated_in is not None:
                    added.append(dict(child, **given))
                    continue
                child = dict(child)
                child.update((f, given[f]) for f in fields if not resource.by_option[f].secret)
            after.append(child)
        if recreated_in is not None:
            added.sort(key=lambda item: recreated_in.index(key_of(item)) if key_of(item) in recreated_in
                       else len(recreated_in))
        for given in added:
            shown = dict((k, v) for k, v in given.items() if not getattr(resource.by_option.get(k), "secret", False))
            shown["object_id"] = self._created.get(key_of(given))
            after.append(shown)
        return after

    # -- checks shared by modules ---------------------------------------------------
    @staticmethod
    def duplicate_keys(items, key_options, option):
        seen, errors = set(), []
        for index, item in enumerate(items):
            key = tuple(str(item.get(k) or "").lower() for k in key_options)
            if key in seen:
                errors.append("%s[%d]: %s is listed twice" % (
                    option, index, "/".join(str(item.get(k)) for k in key_options)))
            seen.add(key)
        return errors


def object_argspec(resource, key="name", update_password=False):
    """The options of a single-object module: the resource's fields, its key
    (required), ``state`` and, for resources with secrets, ``update_password``."""
    spec = resource.argspec(required=(key,))
    spec["state"] = dict(type="str", choices=["present", "absent"], default="present")
    if update_password:
        spec["update_password"] = dict(type="str", choices=["always", "on_create"], default="on_create")
    return spec


class ObjectRunner(CupiRunner):
    """A single-object module (present / absent), found by ``key_option``.

    Subclasses declare ``resource``, ``result_key``, optionally ``key_option``,
    ``required_on_create`` and ``create_extra()`` (more CUPI fields for the POST).
    """

    resource = None
    key_option = "name"
    result_key = None
    required_on_create = ()

    def check(self):
        errors = self.resource.check(self.params)
        if str(self.params[self.key_option]).strip() == "":
            errors.insert(0, "%s must not be empty" % self.key_option)
        return errors

    def run(self):
        desired = dict((f.option, self.params.get(f.option)) for f in self.resource.writable())
        return self.ensure_object(self.resource, self.params[self.key_option], desired, self.params["state"],
                                  self.result_key, create_extra=self.create_extra,
                                  required_on_create=self.required_on_create, dependents=self.dependents)

    def create_extra(self):
        return {}

    def dependents(self, current_raw):  # pylint: disable=unused-argument
        """What the server deletes with the object (raw) that ``state: absent`` deletes,
        for the result and ``msg``; None when nothing goes with it."""
        return None


class ChildListRunner(CupiRunner):
    """A list module (merged / replaced / deleted) over the children of one parent.

    Subclasses declare: ``resource``; the parent (``parent_option`` naming it,
    ``parent_resource``, ``parent_key`` in the resource's path); ``items_option``;
    ``key_options``; optionally ``order_option`` and ``order_scope``; ``result_key``;
    ``label``, the start of ``msg``.
    """

    resource = None
    parent_option = None
    parent_resource = None
    parent_key = None
    items_option = None
    key_options = ()
    order_option = None
    order_scope = ()
    result_key = None
    label = "%s"  # the msg prefix, with the parent's name
    recreate = False  # the server has no update for these children: delete and add

    def spare(self, child):  # pragma: no cover - only for recreate
        """The options of a temporary child standing in for ``child`` (None: there is none)."""
        return None

    def check(self):
        items = self.params[self.items_option]
        errors = self.duplicate_keys(items, self.key_options, self.items_option)
        for index, item in enumerate(items):
            errors += self.resource.check(item, "%s[%d]." % (self.items_option, index))
        return errors

    def check_parent(self, parent):
        """Refuse a parent (its raw object) whose children this module may not change."""

    def run(self):
        name = self.params[self.parent_option]
        parents = {self.parent_key: self.object_id(self.parent_resource, name, option=self.parent_option)}
        if parents[self.parent_key] is not None:
            # The list is read already; what was sent is enough (the integration).
            self.check_parent(self.find(self.parent_resource, name, complete=False))
        return self.ensure_children(
            self.resource, parents, self.params[self.items_option], self.params["state"],
            self.key_options, self.label % name, self.result_key, order_option=self.order_option,
            order_scope=self.order_scope, recreate=self.recreate, spare=self.spare if self.recreate else None,
            items_option=self.items_option, parent_label=object_label(self.parent_resource.kind, name))


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
    """The plain-module path: AnsibleModule validates, the runner does the work."""
    from ansible.module_utils.basic import AnsibleModule

    module = AnsibleModule(argument_spec=runner_cls.full_argument_spec(),
                           supports_check_mode=True, **runner_cls.validator_options())
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


__all__ = ["ChildListRunner", "CupiRunner", "ModuleFailure", "ObjectRunner", "argument_errors",
           "object_argspec", "run_module"]
