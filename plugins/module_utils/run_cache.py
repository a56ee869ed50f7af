# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run cache: the lists read during one run of ansible-playbook, shared by its tasks.

It forgets; it never predicts. A list holds rows as the server answered them. A write does
what ``Resource.write_effects`` declares for its type, in generic operations: a create adds
the new object's row with what was sent and the id the server gave (``PARTIAL``: enough to
find it by name, not to compare it); any other write marks the rows it affects ``STALE``;
a delete drops the row, the lists under it and the rows the server deletes with it. A list
whose members are not known any more is forgotten. No CUPI rule lives here.

In check mode nothing is written; the dry run's predictions (what the server would make and
derive) are kept apart, under ``predictions``, for the later tasks of the same dry run.

On disk (next to the session file ``<hash>``): the index ``<hash>.run`` (the run's id, its
list keys and their files, the objects it created, the predictions), one file per list in
``<hash>.run.d/`` (named by a hash of the list's key) and the lock ``<hash>.run.lock``. An
operation reads the index and the lists it uses, and writes only what it changed. A file
that is not what it should be is ignored with a warning naming it, and replaced; the files
of another run are replaced, not merged; those of runs idle for ``PRUNE_AGE`` are removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import time

from ansible_collections.cupi.telephony.plugins.module_utils import profile

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX controller
    fcntl = None

# Fields of a row that never go to disk: key material and passwords.
SECRET_FIELDS = frozenset(("PrivateKey", "Certificate", "CcmAXLPassword", "SipAuthenticatePassword"))
# A row this run created: what was sent and the id the server gave, not read back.
PARTIAL = "@partial"
# A row a write of this run has changed: its name still finds it, its fields may be old.
STALE = "@stale"
MARKS = (PARTIAL, STALE)
# A list key: "<path>?query=<query>&sort=<sort>#<item key>".
LIST_KEY = re.compile(r"^(?P<path>[^?]*)\?query=(?P<query>.*)&sort=(?P<sort>.*)#(?P<item>.*)$")
SIMPLE_QUERY = re.compile(r"^\((?P<column>\w+) is (?P<value>[^()&]+)\)$")
# The run cache of another run that nothing has written for this long (seconds) is removed
# when a run starts using the folder: that run has ended (or will read the server again).
PRUNE_AGE = 12 * 3600
INDEX_FIELDS = ("run", "lists", "born", "predictions", "seen")


def list_key(path, item_key, query=None, sort=None):
    return "%s?query=%s&sort=%s#%s" % (path, query or "", sort or "", item_key)


def list_file(key):
    """The name of the file that holds the list ``key`` in the run's folder."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40] + ".json"


def marked(rows):
    """Whether any row is only half known (created or changed by this run, not read since)."""
    return any(mark in row for row in rows for mark in MARKS)


def selects(query, row):
    """Whether a list read with ``query`` holds ``row``; None when the query is not a simple
    ``(Column is value)``."""
    if not query:
        return True
    match = SIMPLE_QUERY.match(query)
    if not match:
        return None
    return str(row.get(match.group("column"), "")) == match.group("value")


def clean(row):
    return dict((k, v) for k, v in row.items() if k not in SECRET_FIELDS)


def clean_prediction(value):
    """A prediction without secrets: a body (a dict) or a list of them loses SECRET_FIELDS."""
    if isinstance(value, dict):
        return clean(value)
    if isinstance(value, list):
        return [clean(v) if isinstance(v, dict) else v for v in value]
    return value


# -- the files, read strictly ------------------------------------------------------------
def _value(value):
    """Whether ``value`` is what a row holds: a string, or lists and maps of them."""
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_value(v) for v in value)
    return isinstance(value, dict) and all(isinstance(k, str) and _value(v) for k, v in value.items())


def rows_problem(rows):
    """Why ``rows`` is not a list of rows (maps of field names to strings), or None."""
    if not isinstance(rows, list):
        return "its rows are a %s, not a list" % type(rows).__name__
    for row in rows:
        if not isinstance(row, dict) or not _value(row):
            return "a row is not a map of field names to strings"
    return None


def read_json(path):
    """(data, problem): the file's JSON; (None, None) when there is no file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), None
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError, RecursionError) as exc:  # a bad UTF-8 byte is a ValueError
        return None, "it cannot be read as JSON (%s)" % str(exc)[:120]


def index_problem(data):
    """Why ``data`` (of this run) is not a run cache index, or None."""
    if sorted(data) != sorted(INDEX_FIELDS):
        return "its fields are %s, not %s" % (", ".join(sorted(data)), ", ".join(INDEX_FIELDS))
    lists, born, predictions = data["lists"], data["born"], data["predictions"]
    if not isinstance(lists, dict) or any(not isinstance(v, str) or v != list_file(k) for k, v in lists.items()):
        return "its lists are not a map of list keys to their files"
    if not isinstance(born, list) or not all(isinstance(i, str) for i in born):
        return "its created objects are not a list of ids"
    if not isinstance(predictions, dict):
        return "its predictions are a %s, not a map" % type(predictions).__name__
    if data["seen"] is not None and (not isinstance(data["seen"], int) or isinstance(data["seen"], bool)):
        return "its writes seen are a %s, not a number" % type(data["seen"]).__name__
    return None


def read_index(path, run_id):
    """(index, problem): the index of the run ``run_id``; (None, None) without one (no file,
    or another run's: replaced, not merged); (None, why) for a file that is not an index."""
    data, problem = read_json(path)
    if problem or data is None:
        return None, problem
    if not isinstance(data, dict) or not isinstance(data.get("run"), str):
        return None, "it is not a map holding the run's id"
    if data["run"] != run_id:
        return None, None
    problem = index_problem(data)
    return (None, problem) if problem else (data, None)


def read_list(path, key):
    """(rows, problem): the list ``key`` held in ``path``."""
    data, problem = read_json(path)
    if data is None and problem is None:
        return None, "the file is missing"
    if problem:
        return None, problem
    if not isinstance(data, dict) or sorted(data) != ["key", "rows"] or data["key"] != key:
        return None, "it is not a map of the list's key and its rows"
    problem = rows_problem(data["rows"])
    return (None, problem) if problem else (data["rows"], None)


def write_json(path, data):
    """``data`` in ``path``, whole or not at: a file only the user can read (OSError else)."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError:
        remove(temporary)
        raise


def remove(path):
    """Remove a file or a folder, if it can be."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.remove(path)
    except OSError:
        pass


def _mtime(path):
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def prune(folder, keep, now=None):
    """Remove from ``folder`` the run caches other than ``keep`` (an index path) that nothing
    has written for PRUNE_AGE (an index with its folder, a folder whose index is gone) and
    temporary files a writer left there. Lock files stay: empty, and another run may hold one."""
    now = time.time() if now is None else now
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        if path in (keep, keep + ".d"):
            continue
        if name.endswith(".run"):
            group = [path, path + ".d"]
        elif name.endswith(".run.d") and not os.path.exists(path[:-2]):
            group = [path]
        elif name.startswith("tmp"):
            group = [path]
        else:
            continue
        stamps = [s for s in (_mtime(p) for p in group) if s is not None]
        if stamps and now - max(stamps) > PRUNE_AGE:
            for member in group:
                remove(member)


def _exclusive(method):
    """Run a RunCache method on the files as they are now, alone (forks of one run share
    them), and write what it changed."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        handle = None
        try:
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            handle = open(self.path + ".lock", "a")
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            handle = None  # no lock to be had: the cache only saves requests
        try:
            self._load()
            result = method(self, *args, **kwargs)
            self._save()
            return result
        finally:
            if handle is not None:
                handle.close()  # releases the lock
    return locked


class RunCache:
    """The lists of the current run (``run_id``), in files next to the session cache;
    another run finds a different id and starts afresh. What cannot be read as it should
    is said in ``warnings`` (the task's), naming the file."""

    def __init__(self, path, run_id, warnings=None):
        self.path = path
        self.folder = path + ".d"
        self.run_id = run_id
        self.warnings = warnings if warnings is not None else []
        self._names = {}  # list key -> its file in the folder (the index)
        self._loaded = {}  # the lists this operation has read or set
        self._changed, self._dropped = set(), set()
        # The objects this run created (by every fork), until it deletes them: a list read
        # that lacks one was read before the create reached the server (another fork's).
        self._born = set()
        self._predictions = {}
        self._seen = None  # the server's writes count (writer.py) before this run's first read
        self._was = None  # the index as read, to write it only when it changed
        self._pruned = False

    # -- the files -----------------------------------------------------------------------
    def _warn(self, path, problem):
        message = "ignored the run cache file %s: %s; it is replaced" % (path, problem)
        if message not in self.warnings:
            self.warnings.append(message)

    @profile.timed("cache_read")
    def _load(self):
        """The index as it is now; the lists are read when an operation uses them."""
        self._loaded, self._changed, self._dropped = {}, set(), set()
        index, problem = read_index(self.path, self.run_id)
        if problem:
            self._warn(self.path, problem)
            remove(self.path)
        if index is None:
            self._start()
            index = dict(run=self.run_id, lists={}, born=[], predictions={}, seen=None)
            self._was = None
        else:
            self._was = self._index_text(index)
        self._names = index["lists"]
        self._born = set(index["born"])
        self._predictions = index["predictions"]
        self._seen = index["seen"]

    def _start(self):
        """No index of this run: the folder's lists (another run's) go, and so do the run
        caches that nothing has written for PRUNE_AGE (once per RunCache)."""
        remove(self.folder)
        if not self._pruned:
            self._pruned = True
            prune(os.path.dirname(self.path), self.path)

    @staticmethod
    def _index_text(index):
        return json.dumps([index["run"], index["lists"], sorted(index["born"]), index["predictions"],
                           index["seen"]], sort_keys=True)

    @profile.timed("cache_write")
    def _save(self):
        """The lists this operation changed, then the index if it changed, then the files of
        the lists it dropped."""
        index = dict(run=self.run_id, lists=self._names, born=sorted(self._born), predictions=self._predictions,
                     seen=self._seen)
        try:
            if self._changed:
                os.makedirs(self.folder, mode=0o700, exist_ok=True)
            for key in sorted(self._changed):
                write_json(os.path.join(self.folder, self._names[key]), dict(key=key, rows=self._loaded[key]))
            if self._index_text(index) != self._was:
                write_json(self.path, index)
                self._was = self._index_text(index)
        except OSError:
            return  # a cache that cannot be written only costs requests
        finally:
            self._changed = set()
        for key in self._dropped:
            remove(os.path.join(self.folder, list_file(key)))
        self._dropped = set()

    @profile.timed("cache_read")
    def _rows(self, key):
        """The rows of the list ``key`` (not a copy), or None."""
        if key in self._loaded:
            return self._loaded[key]
        if key not in self._names:
            return None
        path = os.path.join(self.folder, self._names[key])
        rows, problem = read_list(path, key)
        if problem:
            self._warn(path, problem)
            self._drop(key)
            return None
        self._loaded[key] = rows
        return rows

    def _set(self, key, rows):
        self._names[key] = list_file(key)
        self._loaded[key] = rows
        self._changed.add(key)
        self._dropped.discard(key)

    def _drop(self, key):
        self._names.pop(key, None)
        self._loaded.pop(key, None)
        self._changed.discard(key)
        self._dropped.add(key)

    # -- reading -----------------------------------------------------------------------
    @_exclusive
    def get(self, key, partial=False):
        """A list of this run, or None. A list holding a row this run created or changed and
        has not read since is None unless ``partial``: enough to find an object by name."""
        rows = self._rows(key)
        if rows is None or (not partial and marked(rows)):
            return None
        return [dict(row) for row in rows]

    @_exclusive
    def put(self, key, rows):
        """A list just read. An object this run created that the read lacks stays: the read
        began before its create. A read with a simple query (``(Column is value)``) also
        brings the rows it selects up to date in the other lists of the same path."""
        fresh = set(row.get("ObjectId") for row in rows)
        late = [r for r in self._rows(key) or [] if r.get("ObjectId") in self._born - fresh]
        self._set(key, [clean(row) for row in rows] + late)
        match = LIST_KEY.match(key)
        query = match.group("query") if match else ""
        if SIMPLE_QUERY.match(query or ""):
            for other, other_query in self._keys(match.group("path")):
                held = self._rows(other)
                if other != key and not other_query and held is not None:
                    kept = [r for r in held if not selects(query, r)]
                    self._set(other, kept + [clean(row) for row in rows])

    @_exclusive
    def got(self, collection, row):
        """An object just read: its row in the lists of ``collection`` is now this one."""
        if isinstance(row, dict) and row.get("ObjectId") is not None:
            self._put_row(collection, row["ObjectId"], clean(row))

    @_exclusive
    def row(self, collection, object_id):
        """The row of ``object_id`` in a list of ``collection`` (as held), or None."""
        for key, _query in self._keys(collection):
            for row in self._rows(key) or []:
                if row.get("ObjectId") == object_id:
                    return dict(row)
        return None

    # -- writing -----------------------------------------------------------------------
    @_exclusive
    def apply(self, effects):
        """What a write did, as ``Resource.write_effects`` declares it: a list of
        ``(operation, collection, ...)``; see the ``_op_*`` methods."""
        for effect in effects:
            getattr(self, "_op_" + effect[0])(*effect[1:])

    @_exclusive
    def writes_seen(self, count=None):
        """How many writes to the server (writer.py's count) every list of this run has seen:
        ``count()``, called before the run's first read, is kept; None until then (and for
        lists read with no count noted)."""
        if self._seen is None and count is not None and not self._names:
            self._seen = count()
        return self._seen

    @_exclusive
    def clear(self):
        """Forget every list: a write that may or may not have happened."""
        for key in list(self._names):
            self._drop(key)

    def _op_add(self, collection, row):
        """A new object: its row, marked PARTIAL, joins the lists of its collection."""
        self._put_row(collection, row["ObjectId"], dict(clean(row), **{PARTIAL: "1"}))
        self._born.add(row["ObjectId"])

    def _op_forget(self, collection):
        """The members of ``collection`` are not known any more: its lists go."""
        for key, _query in self._keys(collection):
            self._drop(key)

    def _op_stale(self, collection, object_id=None):
        """The row ``object_id`` (every row, with None) of ``collection`` may be out of date."""
        for key, _query in self._keys(collection):
            rows = self._rows(key)
            hit = [row for row in rows or [] if object_id is None or row.get("ObjectId") == object_id]
            for row in hit:
                row[STALE] = "1"
            if hit:
                self._set(key, rows)

    def _op_remove(self, collection, object_id, cascades=()):
        """The object is gone, with the lists under it and, for each ``(collection, field,
        cascades)``, the rows whose ``field`` names it (what the server deletes with it)."""
        self._born.discard(object_id)
        for key, _query in self._keys(collection):
            rows = self._rows(key)
            kept = [r for r in rows or [] if r.get("ObjectId") != object_id]
            if rows is not None and len(kept) != len(rows):
                self._set(key, kept)
        below = "%s/%s/" % (collection, object_id)
        for key in [k for k in self._names if k.startswith(below)]:
            self._drop(key)
        for child_collection, field, deeper in cascades:
            for child_id in self._ids_where(child_collection, field, object_id):
                self._op_remove(child_collection, child_id, deeper)

    # -- predictions (check mode) ------------------------------------------------------------
    @_exclusive
    def predict(self, key, value):
        """What the dry run predicts for ``key`` (check mode only; never read in a real run)."""
        self._predictions[key] = clean_prediction(value)

    @_exclusive
    def prediction(self, key):
        return self._predictions.get(key)

    # -- helpers -----------------------------------------------------------------------
    def _keys(self, collection):
        """(key, query) of the cached lists of ``collection`` (from the index: none is read)."""
        found = []
        for key in self._names:
            match = LIST_KEY.match(key)
            if match and match.group("path") == collection:
                found.append((key, match.group("query")))
        return found

    def _ids_where(self, collection, field, value):
        ids = set()
        for key, _query in self._keys(collection):
            ids.update(r.get("ObjectId") for r in self._rows(key) or [] if r.get(field) == value)
        return sorted(i for i in ids if i)

    def _put_row(self, collection, object_id, row):
        """``row`` as the object ``object_id`` in every list of ``collection`` whose query
        selects it; a list whose query cannot be evaluated here is forgotten."""
        for key, query in self._keys(collection):
            selected = selects(query, row)
            rows = self._rows(key) if selected is not None else None
            if rows is None:
                self._drop(key)
                continue
            place = [i for i, r in enumerate(rows) if r.get("ObjectId") == object_id]
            if place and selected:
                rows[place[0]] = row
            elif place:
                del rows[place[0]]
            elif selected:
                rows.append(row)
            else:
                continue
            self._set(key, rows)
