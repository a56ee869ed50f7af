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
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile

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


def list_key(path, item_key, query=None, sort=None):
    return "%s?query=%s&sort=%s#%s" % (path, query or "", sort or "", item_key)


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


def _exclusive(method):
    """Run a RunCache method on the file as it is now, alone: forks of one run share it."""
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
            return method(self, *args, **kwargs)
        finally:
            if handle is not None:
                handle.close()  # releases the lock
    return locked


class RunCache:
    """The lists of the current run (``run_id``), in a file next to the session cache;
    another run finds a different id and starts afresh."""

    def __init__(self, path, run_id):
        self.path = path
        self.run_id = run_id
        self._lists = {}
        # The objects this run created (by every fork), until it deletes them: a list read
        # that lacks one was read before the create reached the server (another fork's).
        self._born = set()
        self._predictions = {}

    def _load(self):
        try:
            with open(self.path) as handle:
                data = json.load(handle)
            same = isinstance(data, dict) and data.get("run") == self.run_id
        except (OSError, ValueError):
            same = False
        if same and isinstance(data.get("lists"), dict):
            self._lists = data["lists"]
            self._born = set(data.get("born") or [])
            self._predictions = dict(data.get("predictions") or {})
        else:
            self._lists, self._born, self._predictions = {}, set(), {}

    def _save(self):
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory)
            with os.fdopen(handle, "w") as out:
                json.dump(dict(run=self.run_id, lists=self._lists, born=sorted(self._born),
                               predictions=self._predictions), out)
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs requests

    # -- reading -----------------------------------------------------------------------
    @_exclusive
    def get(self, key, partial=False):
        """A list of this run, or None. A list holding a row this run created or changed and
        has not read since is None unless ``partial``: enough to find an object by name."""
        rows = self._lists.get(key)
        if rows is None or (not partial and marked(rows)):
            return None
        return [dict(row) for row in rows]

    @_exclusive
    def put(self, key, rows):
        """A list just read. An object this run created that the read lacks stays: the read
        began before its create. A read with a simple query (``(Column is value)``) also
        brings the rows it selects up to date in the other lists of the same path."""
        fresh = set(row.get("ObjectId") for row in rows)
        late = [r for r in self._lists.get(key) or [] if r.get("ObjectId") in self._born - fresh]
        self._lists[key] = [clean(row) for row in rows] + late
        match = LIST_KEY.match(key)
        query = match.group("query") if match else ""
        if SIMPLE_QUERY.match(query or ""):
            for other, other_query in self._keys(match.group("path")):
                if other != key and not other_query:
                    kept = [r for r in self._lists[other] if not selects(query, r)]
                    self._lists[other] = kept + [clean(row) for row in rows]
        self._save()

    @_exclusive
    def got(self, collection, row):
        """An object just read: its row in the lists of ``collection`` is now this one."""
        if isinstance(row, dict) and row.get("ObjectId") is not None:
            self._put_row(collection, row["ObjectId"], clean(row))
            self._save()

    @_exclusive
    def row(self, collection, object_id):
        """The row of ``object_id`` in a list of ``collection`` (as held), or None."""
        for key, _query in self._keys(collection):
            for row in self._lists[key]:
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
        self._save()

    @_exclusive
    def clear(self):
        """Forget every list: a write that may or may not have happened."""
        self._lists = {}
        self._save()

    def _op_add(self, collection, row):
        """A new object: its row, marked PARTIAL, joins the lists of its collection."""
        self._put_row(collection, row["ObjectId"], dict(clean(row), **{PARTIAL: "1"}))
        self._born.add(row["ObjectId"])

    def _op_forget(self, collection):
        """The members of ``collection`` are not known any more: its lists go."""
        for key, _query in self._keys(collection):
            del self._lists[key]

    def _op_stale(self, collection, object_id=None):
        """The row ``object_id`` (every row, with None) of ``collection`` may be out of date."""
        for key, _query in self._keys(collection):
            for row in self._lists[key]:
                if object_id is None or row.get("ObjectId") == object_id:
                    row[STALE] = "1"

    def _op_remove(self, collection, object_id, cascades=()):
        """The object is gone, with the lists under it and, for each ``(collection, field,
        cascades)``, the rows whose ``field`` names it (what the server deletes with it)."""
        self._born.discard(object_id)
        for key, _query in self._keys(collection):
            self._lists[key] = [r for r in self._lists[key] if r.get("ObjectId") != object_id]
        below = "%s/%s/" % (collection, object_id)
        for key in [k for k in self._lists if k.startswith(below)]:
            del self._lists[key]
        for child_collection, field, deeper in cascades:
            for child_id in self._ids_where(child_collection, field, object_id):
                self._op_remove(child_collection, child_id, deeper)

    # -- predictions (check mode) ------------------------------------------------------------
    @_exclusive
    def predict(self, key, value):
        """What the dry run predicts for ``key`` (check mode only; never read in a real run)."""
        self._predictions[key] = value
        self._save()

    @_exclusive
    def prediction(self, key):
        return self._predictions.get(key)

    # -- helpers -----------------------------------------------------------------------
    def _keys(self, collection):
        """(key, query) of the cached lists of ``collection``."""
        found = []
        for key in self._lists:
            match = LIST_KEY.match(key)
            if match and match.group("path") == collection:
                found.append((key, match.group("query")))
        return found

    def _ids_where(self, collection, field, value):
        ids = set()
        for key, _query in self._keys(collection):
            ids.update(r.get("ObjectId") for r in self._lists[key] if r.get(field) == value)
        return sorted(i for i in ids if i)

    def _put_row(self, collection, object_id, row):
        """``row`` as the object ``object_id`` in every list of ``collection`` whose query
        selects it; a list whose query cannot be evaluated here is forgotten."""
        for key, query in self._keys(collection):
            selected = selects(query, row)
            if selected is None:
                del self._lists[key]
                continue
            rows = self._lists[key]
            place = [i for i, r in enumerate(rows) if r.get("ObjectId") == object_id]
            if place and selected:
                rows[place[0]] = row
            elif place:
                del rows[place[0]]
            elif selected:
                rows.append(row)
