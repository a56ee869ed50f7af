# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CUPI client: one HTTP(S) session per module run, XML or JSON on the wire,
plain dicts of strings above it.

Everything that knows about the wire lives here: authentication (Basic once, then
the session cookie), content negotiation, CUPI's list shapes, paging, error
documents, retries. Callers get lists that are always lists and objects whose
values are strings (or ``''`` for empty elements).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import time
import traceback
import warnings

try:
    import requests
    from requests.adapters import HTTPAdapter
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by ansible-test import sanity
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    import xmltodict
    HAS_XMLTODICT = True
    XMLTODICT_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by ansible-test import sanity
    HAS_XMLTODICT = False
    XMLTODICT_IMPORT_ERROR = traceback.format_exc()

API_FORMATS = ("xml", "json")
SESSION_COOKIES = ("JSESSIONIDSSO", "JSESSIONID")
# Cisco advises against reading much more than this many objects in one request.
DEFAULT_PAGE_SIZE = 100
# Characters that end or split a CUPI query clause; values holding them are not
# sent as a query but filtered on the client.
QUERY_UNSAFE = re.compile(r"[()&]")
RETRY_METHODS = ("GET", "PUT", "DELETE")
# Fields of a row that never go to disk (the run cache): key material and passwords.
SECRET_FIELDS = frozenset(("PrivateKey", "Certificate", "CcmAXLPassword", "SipAuthenticatePassword"))


class CupiError(Exception):
    """A failed CUPI request: what the server said and what was asked."""

    def __init__(self, message, status=None, code=None, method=None, path=None, retryable=False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.method = method
        self.path = path
        # The request may be sent again once the caller knows it did not take effect
        # (a lost answer, a busy server).
        self.retryable = retryable or status == 503

    def __str__(self):
        parts = []
        if self.status is not None:
            parts.append("HTTP %s" % self.status)
        if self.code:
            parts.append(self.code)
        head = " ".join(parts)
        text = "%s: %s" % (head, self.message) if head else self.message
        if self.method and self.path:
            text = "%s (%s %s)" % (text, self.method, self.path)
        return text

    def to_dict(self):
        return {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "method": self.method,
            "path": self.path,
        }


def _text(value):
    """One XML/JSON leaf as a string, without the white space around it (the reference's
    own samples break values over lines); empty elements become ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        # xmltodict gives {'#text': ..., '@attr': ...} for elements with attributes.
        if "#text" in value:
            return _text(value["#text"])
        return {k: _normalise_value(v) for k, v in value.items() if not k.startswith("@")}
    return str(value).strip()


def _normalise_value(value):
    if isinstance(value, list):
        return [_normalise_value(v) for v in value]
    return _text(value)


def normalise_object(obj):
    """A CUPI object (from XML or JSON) as a flat dict of strings."""
    if not isinstance(obj, dict):
        return {}
    return {k: _normalise_value(v) for k, v in obj.items() if not k.startswith("@")}


def as_list(value):
    """CUPI gives one item as an object and none as a missing key: always a list."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def split_list(document, item_key):
    """Return (total, items) from a decoded list document; total is None when the
    document does not say it.

    XML decodes to ``{'PhoneSystems': {'@total': '1', 'PhoneSystem': {...}}}``,
    JSON to ``{'@total': '1', 'PhoneSystem': {...}}``; either may hold no item key. A list
    of one may also come as the bare item: ``{'PhoneSystem': {...}}`` (XML whose root is
    the item) or, in JSON, the item's own fields.
    """
    if not isinstance(document, dict):
        raise ValueError("expected a list document, got %s" % type(document).__name__)
    body = document
    if "@total" not in body and item_key not in body and len(body) == 1:
        (inner,) = body.values()
        body = inner if isinstance(inner, dict) else {}
    if not isinstance(body, dict):
        body = {}
    if item_key in body:
        rows = as_list(body.get(item_key))
    elif "ObjectId" in body or "URI" in body:
        rows = [body]  # the bare item
    else:
        rows = []
    total = body.get("@total")
    if isinstance(total, str):
        total = total.strip()
    items = [normalise_object(item) for item in rows]
    try:
        total = int(total) if total is not None else None
    except (TypeError, ValueError):
        raise ValueError("the list's total %r is not a number" % (total,))
    return total, items


def unwrap_object(document, root):
    """A decoded single-object document as a flat dict (XML has the root element)."""
    if isinstance(document, dict) and len(document) == 1 and root in document:
        document = document[root]
    return normalise_object(document)


def build_query(column, value, operator="is"):
    """A CUPI query clause, or None when the value cannot be expressed safely."""
    value = str(value)
    if QUERY_UNSAFE.search(value) or value != value.strip() or not value:
        return None
    return "(%s %s %s)" % (column, operator, value)


# A list key: "<path>?query=<query>&sort=<sort>#<item key>".
LIST_KEY = re.compile(r"^(?P<path>[^?]*)\?query=(?P<query>.*)&sort=(?P<sort>.*)#(?P<item>.*)$")
SIMPLE_QUERY = re.compile(r"^\((?P<column>\w+) is (?P<value>[^()&]+)\)$")
OBJECT_PATH = re.compile(r"^(?P<collection>/vmrest/.+)/(?P<id>[^/]+)$")
# Marks a row the run made and has not read back yet.
PARTIAL = "@partial"
PORTS = "/vmrest/ports"
PORT_GROUPS = "/vmrest/portgroups"
PHONE_SYSTEMS = "/vmrest/phonesystems"
# The children of a port group whose change leaves it needing a reset.
GROUP_CHILD = re.compile(r"^/vmrest/portgroups/(?P<id>[^/]+)/(portgroupservers|portgroupcodecs)(/|$)")
SIP_SECURITY = ("/vmrest/sipsecurityprofiles/", "/vmrest/sipcertificates/")


try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX controller
    fcntl = None


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
            self._lists = None  # read the file again: another fork may have changed it
            return method(self, *args, **kwargs)
        finally:
            if handle is not None:
                handle.close()  # releases the lock
    return locked


class RunCache:
    """The lists read during one run of ansible-playbook, shared by its tasks.

    A file next to the session cache holds the lists of the current run (``run_id``);
    another run finds a different id and starts afresh. The cache is written through: a
    write updates the lists it changes with what was sent and what the server answered
    (``written``), and a list is read again only when that is not enough to know it.
    """

    def __init__(self, path, run_id):
        self.path = path
        self.run_id = run_id
        self._lists = None
        # Whether a task of this run has written to the server.
        self._wrote = False
        # How many writes this run has sent to each collection (by every fork).
        self._writes = {}
        # The objects this run created (by every fork), until it deletes them: a list read
        # that lacks one was read before the create reached the server (another fork's).
        self._born = set()
        # The lists of ports held across a POST of ports, until the group's ports are read
        # (``put``): path -> (that query, the lists, the collection's write count).
        self._held = {}

    def _load(self):
        if self._lists is None:
            try:
                with open(self.path) as handle:
                    data = json.load(handle)
                same = data.get("run") == self.run_id
                self._lists = data["lists"] if same else {}
                self._wrote = bool(data.get("wrote")) if same else False
                self._writes = dict(data.get("writes") or {}) if same else {}
                self._born = set(data.get("born") or []) if same else set()
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self._lists, self._wrote, self._writes, self._born = {}, False, {}, set()
        return self._lists

    @property
    @_exclusive
    def wrote(self):
        """Whether this run has written anything yet (the server may then derive new values)."""
        self._load()
        return self._wrote

    @_exclusive
    def get(self, key, partial=False):
        """A list of this run, or None. A list holding a row this run created and has not
        read back (``PARTIAL``: what was sent, the id the server gave) is None unless
        ``partial``: enough to find an object and name it, not to compare it."""
        rows = self._load().get(key)
        if rows is None or (not partial and any(PARTIAL in row for row in rows)):
            return None
        return [dict(row) for row in rows]

    @_exclusive
    def put(self, key, rows):
        """A list just read; one read with a simple query (``(Column is value)``) also
        brings the other lists of the same path up to date for the rows it selects. An object
        this run created that the read lacks stays: the read began before its create."""
        lists = self._load()
        fresh = set(row.get("ObjectId") for row in rows)
        late = [r for r in lists.get(key) or [] if r.get("ObjectId") in self._born - fresh]
        lists[key] = [self._clean(row) for row in rows] + late
        match = LIST_KEY.match(key)
        query = match.group("query") if match else ""
        path = match.group("path") if match else key
        if SIMPLE_QUERY.match(query or ""):
            held = self._held.pop(path, None)
            if held and held[0] == query:
                # The lists from before the write; the rows of this query are read again.
                self._restore(path, held, skip=key)
            elif held:
                self._held[path] = held
            for other, other_query in self._keys(path):
                if other != key and not other_query:
                    kept = [r for r in self._lists[other] if not self._selects(query, r)]
                    self._lists[other] = kept + [self._clean(row) for row in rows]
        self._save()

    @_exclusive
    def clear(self):
        self._held = {}
        self._load()
        self._lists = {}
        self._wrote = True  # cleared after a write that may or may not have happened
        self._save()

    def _count(self, collection):
        return self._writes.get(collection, 0)

    def _restore(self, collection, held, skip=None):
        """Bring back the lists held since this task's write, unless another write (another
        fork's) has reached the collection since, or another fork has read them again."""
        if self._count(collection) != held[2]:
            return
        for key, rows in held[1].items():
            if key != skip and key not in self._lists:
                self._lists[key] = rows

    @staticmethod
    def _clean(row):
        return dict((k, v) for k, v in row.items() if k not in SECRET_FIELDS)

    def _keys(self, collection):
        """(key, query) of the cached lists of ``collection``."""
        found = []
        for key in self._load():
            match = LIST_KEY.match(key)
            if match and match.group("path") == collection:
                found.append((key, match.group("query")))
        return found

    def _drop(self, collection, below=False):
        """Forget the lists of ``collection`` (``below``: and of every path under it)."""
        for key in list(self._load()):
            match = LIST_KEY.match(key)
            path = match.group("path") if match else key
            if path == collection or (below and path.startswith(collection + "/")):
                del self._lists[key]

    @staticmethod
    def _selects(query, row):
        """Whether a list read with ``query`` holds ``row``; None when the query is not a
        simple ``(Column is value)``."""
        if not query:
            return True
        match = SIMPLE_QUERY.match(query)
        if not match:
            return None
        return str(row.get(match.group("column"), "")) == match.group("value")

    def _patch(self, collection, object_id, change):
        """Apply ``change(row)`` to the row ``object_id`` of every list of ``collection``; a
        list whose query the changed row no longer meets loses it."""
        for key, query in self._keys(collection):
            for row in self._lists[key]:
                if row.get("ObjectId") == object_id:
                    change(row)
                    if self._selects(query, row) is False:
                        self._lists[key] = [r for r in self._lists[key] if r.get("ObjectId") != object_id]
                    break

    def _put_row(self, collection, object_id, row):
        """``row`` as the object ``object_id`` in every list of ``collection`` whose query
        selects it; a list whose query cannot be evaluated here is forgotten."""
        for key, query in self._keys(collection):
            selected = self._selects(query, row)
            if selected is None:
                del self._lists[key]
                continue
            rows = [r for r in self._lists[key] if r.get("ObjectId") != object_id]
            self._lists[key] = rows + ([self._clean(row)] if selected else [])

    @staticmethod
    def _fields(body):
        """The plain fields of a request body, as the server's rows hold them (text)."""
        return dict((k, str(v)) for k, v in (body or {}).items() if not isinstance(v, (dict, list)))

    def _row(self, collection, object_id):
        for key, _query in self._keys(collection):
            for row in self._lists[key]:
                if row.get("ObjectId") == object_id:
                    return row
        return None

    def _count_ports(self, group_id, delta):
        """A port group's and its phone system's ``PortCount`` after ``delta`` ports; the lists
        that hold them are forgotten when either is unknown (None)."""
        group = self._row(PORT_GROUPS, group_id) if group_id is not None and delta is not None else None
        if group is None or not str(group.get("PortCount", "")).strip().isdigit():
            self._drop(PORT_GROUPS)
            self._drop(PHONE_SYSTEMS)
            return

        def add(row):
            if str(row.get("PortCount", "")).strip().isdigit():
                row["PortCount"] = str(int(row["PortCount"]) + delta)
        self._patch(PORT_GROUPS, group_id, add)
        if self._row(PHONE_SYSTEMS, group.get("MediaSwitchObjectId")) is not None:
            self._patch(PHONE_SYSTEMS, group.get("MediaSwitchObjectId"), add)

    @_exclusive
    def got(self, path, row):
        """An object just read: its row in the lists of its collection is now this one."""
        match = OBJECT_PATH.match(path)
        if not match or not isinstance(row, dict) or row.get("ObjectId") is None:
            return
        self._load()
        self._put_row(match.group("collection"), row["ObjectId"], row)
        self._save()

    @_exclusive
    def written(self, method, path, body=None, created=None, known=None):
        """Bring the lists a write changes up to date, or forget those it cannot.

        POST to a collection: the new object's row, what was sent and the id the server
        answered, joins its lists (until the object is read back, ``got``); new ports wait for
        a read of their group's ports (``put``) and add to its and its phone system's
        PortCount. ``known``: fields a new object is known to have without being sent (a new
        port group counts no ports).
        PUT of an object: the fields sent, and ``known`` (what the server derives: a port
        group's reset status), replace those of its row. DELETE: the row goes,
        with the lists under the object (the server deletes its children) and what the
        server deletes with it (a phone system's port groups and ports, a port group's
        ports). A port group's servers change its reset status; a reset does too. Any
        other write forgets the lists of what it wrote to."""
        self._load()
        self._wrote = True
        body = body or {}
        match = OBJECT_PATH.match(path)
        written_to = path if method == "POST" or not match else match.group("collection")
        self._writes[written_to] = self._writes.get(written_to, 0) + 1
        if method == "POST" and path == PORTS:
            self._ports_added(path, body)
        elif method == "POST":
            self._posted(path, body, created, known)
        elif method == "PUT" and path.endswith("/reset"):
            self._drop(PORT_GROUPS)
        elif method == "PUT" and match:
            fields = dict(self._clean(self._fields(body)), **(known or {}))
            self._patch(match.group("collection"), match.group("id"), lambda row: row.update(fields))
        elif method == "DELETE" and match:
            self._deleted(path, match.group("collection"), match.group("id"))
        else:
            self._drop(match.group("collection") if match else path, below=True)
        group_child = GROUP_CHILD.match(path)
        if group_child:
            # Changing a port group's servers or codecs leaves it needing a reset (CUPI_FACTS).
            self._patch(PORT_GROUPS, group_child.group("id"), lambda row: row.update(ResetStatusEnum="100")
                        if row.get("ResetStatusEnum") == "0" else None)
        if path.startswith(SIP_SECURITY) and method != "POST":
            self._drop(PORT_GROUPS)  # the port groups using a changed profile or certificate need a reset
        self._save()

    def _posted(self, path, body, created, known):
        """A new object: what was sent, until the object is read back (a list with such a
        row is served only to whoever takes it half known, ``get``)."""
        if not created:
            self._drop(path)  # no id in the answer: what was made is not known
            return
        row = dict(self._fields(body), **(known or {}))
        self._put_row(path, created, dict(row, ObjectId=created, **{PARTIAL: "1"}))
        self._born.add(created)

    def _ports_added(self, path, body):
        """The lists of ports wait for a read of the group's ports (``put``), else are read
        again; the group and its phone system count the new ports."""
        held = dict((key, self._lists.pop(key)) for key, _query in self._keys(path))
        if held:
            group_query = "(MediaPortGroupObjectId is %s)" % body.get("MediaPortGroupObjectId")
            self._held[path] = (group_query, held, self._count(path))
        number = str(body.get("NumberOfPorts", "")).strip()
        self._count_ports(body.get("MediaPortGroupObjectId"), int(number) if number.isdigit() else None)

    def _deleted(self, path, collection, object_id):
        """The row goes, with the lists under it and what the server deletes with it."""
        self._born.discard(object_id)
        if collection == PORTS:
            port = self._row(PORTS, object_id) or {}
            self._count_ports(port.get("MediaPortGroupObjectId"), -1)
        elif collection == PHONE_SYSTEMS:
            self._drop(PORT_GROUPS, below=True)
            self._drop(PORTS)
        elif collection == PORT_GROUPS:
            self._drop(PORTS)
            self._drop(PHONE_SYSTEMS)
        for key, _query in self._keys(collection):
            self._lists[key] = [r for r in self._lists[key] if r.get("ObjectId") != object_id]
        self._drop(path, below=True)

    def _save(self):
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory)
            with os.fdopen(handle, "w") as out:
                json.dump(dict(run=self.run_id, lists=self._lists, wrote=self._wrote, writes=self._writes,
                               born=sorted(self._born)), out)
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs requests


class CupiClient:
    """A session with one Unity Connection server."""

    def __init__(self, hostname, username, password, port=443, use_ssl=True,
                 validate_certs=True, ca_path=None, timeout=30, api_format="xml",
                 retries=3, backoff=0.5, page_size=DEFAULT_PAGE_SIZE, session_cache=None, run_id=None):
        if api_format not in API_FORMATS:
            raise ValueError("api_format must be one of %s" % ", ".join(API_FORMATS))
        self.hostname = hostname
        self.port = port
        self.username = username
        self._password = password
        self.timeout = timeout
        self.api_format = api_format
        self.retries = retries
        self.backoff = backoff
        self.page_size = page_size
        scheme = "https" if use_ssl else "http"
        host = "[%s]" % hostname if ":" in hostname and not hostname.startswith("[") else hostname
        self.base_url = "%s://%s:%s" % (scheme, host, port)
        self.session = requests.Session()
        # One connection, kept alive for the whole run.
        self.session.mount(scheme + "://", HTTPAdapter(pool_connections=1, pool_maxsize=1))
        self.session.trust_env = False
        if validate_certs:
            self.session.verify = ca_path or True
        else:
            self.session.verify = False
        mime = "application/%s" % api_format
        self.session.headers.update({"Accept": mime, "Connection": "keep-alive"})
        self._mime = mime
        self.stats = {"requests": 0, "basic_auth": 0}
        self._cache_file = None
        if session_cache:
            key = "%s|%s|%s|%s" % (self.base_url, username, hashlib.sha256(password.encode("utf-8")).hexdigest(),
                                   api_format)
            self._cache_file = os.path.join(session_cache, hashlib.sha256(key.encode("utf-8")).hexdigest())
            self._load_session()
        self.run_cache = RunCache(self._cache_file + ".run", run_id) if self._cache_file and run_id else None

    # -- session -----------------------------------------------------------
    def _has_session(self):
        return any(c.name in SESSION_COOKIES for c in self.session.cookies)

    def _load_session(self):
        """Take up the session of an earlier task (Basic authentication is expensive
        on the server and throttled: three in a second get 503)."""
        try:
            with open(self._cache_file) as handle:
                cookies = json.load(handle)
        except (OSError, ValueError):
            return
        for cookie in cookies if isinstance(cookies, list) else []:
            try:
                self.session.cookies.set(cookie["name"], cookie["value"], domain=cookie.get("domain", ""),
                                         path=cookie.get("path", "/"), secure=cookie.get("secure", False))
            except (KeyError, TypeError):
                continue

    def _save_session(self):
        """Keep the session cookies for the next task: a file only the user can read."""
        if not self._cache_file:
            return
        cookies = [dict(name=c.name, value=c.value, domain=c.domain, path=c.path, secure=bool(c.secure))
                   for c in self.session.cookies]
        directory = os.path.dirname(self._cache_file)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory)
            with os.fdopen(handle, "w") as out:
                json.dump(cookies, out)
            os.chmod(temporary, 0o600)
            os.replace(temporary, self._cache_file)
        except OSError:
            pass  # a cache that cannot be written only costs a Basic authentication

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- encoding ----------------------------------------------------------
    def encode(self, root, body):
        fields = {k: _wire(v) for k, v in body.items()}
        if self.api_format == "json":
            return json.dumps(fields)
        return xmltodict.unparse({root: fields})

    def decode(self, response):
        text = response.text
        if not text.strip():
            return {}
        ctype = response.headers.get("Content-Type", "")
        if "json" in ctype or (not ctype and text.lstrip().startswith("{")):
            return json.loads(text)
        if "xml" in ctype or text.lstrip().startswith("<"):
            return xmltodict.parse(text)
        raise ValueError("unexpected content type %r" % ctype)

    # -- requests ----------------------------------------------------------
    def request(self, method, path, params=None, root=None, body=None):
        """Send one request; return the response on 2xx, raise CupiError otherwise.

        PUT and POST always carry a Content-Type (CUPI answers 415 without one), even
        with no body (the port group reset)."""
        headers = {}
        data = None
        if body is not None:
            data = self.encode(root, body).encode("utf-8")
        if method in ("PUT", "POST"):
            headers["Content-Type"] = self._mime
        url = self.base_url + path
        try:
            return self._send(method, path, url, params, data, headers)
        except CupiError:
            if method != "GET" and self.run_cache is not None:
                self.run_cache.clear()  # the write may or may not have happened: read again
            raise

    def _send(self, method, path, url, params, data, headers):
        """The request, again after a dropped connection or 503 (GET, PUT, DELETE) with
        backoff, and once more with Basic authentication after an expired session (401)."""
        attempt = 0
        reauthenticated = False
        while True:
            attempt += 1
            use_basic = not self._has_session()
            response = self._transport(method, path, url, params, data, headers, use_basic, attempt)
            if response is None:
                continue  # the connection dropped; the pause is over
            if response.status_code == 401 and not use_basic and not reauthenticated:
                # The session expired: authenticate again, once.
                self.session.cookies.clear()
                reauthenticated = True
                attempt -= 1
                continue
            if response.status_code == 503 and method in RETRY_METHODS and attempt <= self.retries:
                self.backoff_sleep(attempt)
                continue
            if 200 <= response.status_code < 300:
                if use_basic and self._has_session():
                    self._save_session()
                return response
            raise self._error(response, method, path)

    def _transport(self, method, path, url, params, data, headers, use_basic, attempt):
        """One request on the wire: the response, or None when the connection dropped and
        the request may be sent again (after a pause); a clear CupiError otherwise."""
        self.stats["requests"] += 1
        if use_basic:
            self.stats["basic_auth"] += 1
        try:
            with warnings.catch_warnings():
                # validate_certs=false is warned about once per task, not per request.
                warnings.simplefilter("ignore")
                return self.session.request(
                    method, url, params=params, data=data, headers=headers,
                    auth=(self.username, self._password) if use_basic else None,
                    timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise CupiError(
                "TLS verification of %s:%s failed: %s. Give the server's CA "
                "certificate with ca_path, or set validate_certs=false to skip "
                "verification (not recommended)" % (self.hostname, self.port, _reason(exc)),
                method=method, path=path)
        except requests.exceptions.Timeout:
            raise CupiError(
                "no answer from %s:%s within %s seconds (timeout)"
                % (self.hostname, self.port, self.timeout), method=method, path=path, retryable=True)
        except requests.exceptions.ConnectionError as exc:
            if method in RETRY_METHODS and attempt <= self.retries:
                self.backoff_sleep(attempt)
                return None
            raise CupiError(
                "cannot connect to %s:%s: %s" % (self.hostname, self.port, _reason(exc)),
                method=method, path=path, retryable=True)

    def backoff_sleep(self, attempt):
        time.sleep(self.backoff * (2 ** (attempt - 1)))

    def _error(self, response, method, path):
        status = response.status_code
        if status == 401:
            return CupiError(
                "authentication failed for %s at %s:%s" % (self.username, self.hostname, self.port),
                status=status, method=method, path=path)
        code, message = None, None
        try:
            document = self.decode(response)
            errors = document.get("ErrorDetails", document).get("errors")
            errors = as_list(errors)[0] if errors else {}
            code = _text(errors.get("code")) or None
            message = _text(errors.get("message")) or None
        except Exception:  # pylint: disable=broad-except
            pass
        if message is None:
            text = re.sub(r"<[^>]+>", " ", response.text or "")
            text = " ".join(text.split())[:200]
            message = text or response.reason or "no error text"
        return CupiError(message, status=status, code=code, method=method, path=path)

    def _document(self, response, method, path):
        try:
            return self.decode(response)
        except Exception as exc:  # pylint: disable=broad-except
            raise CupiError("malformed answer: %s" % exc, status=response.status_code,
                            method=method, path=path)

    # -- verbs -------------------------------------------------------------
    def get(self, path, root, params=None):
        """One object as a flat dict of strings (its row in the run's lists is now this one)."""
        response = self.request("GET", path, params=params)
        obj = unwrap_object(self._document(response, "GET", path), root)
        if self.run_cache is not None and not params:
            self.run_cache.got(path, obj)
        return obj

    @staticmethod
    def _list_key(path, item_key, query=None, sort=None):
        return "%s?query=%s&sort=%s#%s" % (path, query or "", sort or "", item_key)

    def list(self, path, item_key, query=None, sort=None, fresh=False, partial=False):
        """Every row of a list, reading page after page (once per run with a run cache;
        ``fresh`` reads it again, for what the server changes by itself; ``partial`` takes
        the rows this run created as they were sent, see RunCache.get)."""
        key = self._list_key(path, item_key, query, sort)
        if self.run_cache is not None and not fresh:
            rows = self.run_cache.get(key, partial)
            if rows is not None:
                return rows
        rows = self._list(path, item_key, query, sort)
        if self.run_cache is not None:
            self.run_cache.put(key, rows)
        return rows

    def _list(self, path, item_key, query, sort):
        """Page after page while the server's ``total`` says rows are missing (a server may
        give fewer rows per page than asked); stop on an empty page or a page that brings
        no row not seen before (a server that ignores pageNumber). Without a total, a short
        page is the last."""
        items = []
        page = 1
        seen = set()
        while True:
            params = {"rowsPerPage": self.page_size, "pageNumber": page}
            if query:
                params["query"] = query
            if sort:
                params["sort"] = sort
            response = self.request("GET", path, params=params)
            try:
                total, rows = split_list(self._document(response, "GET", path), item_key)
            except ValueError as exc:
                raise CupiError("malformed answer: %s" % exc, status=response.status_code,
                                method="GET", path=path)
            new = []
            for row in rows:
                key = row.get("ObjectId") or row.get("URI") or repr(sorted(row.items()))
                if key not in seen:
                    seen.add(key)
                    new.append(row)
            if not new:
                return items
            items.extend(new)
            if (len(items) >= total) if total is not None else (len(rows) < self.page_size):
                return items
            page += 1

    def create(self, path, root, body, known=None):
        """POST a new object; return its object id (from the URI the server answers, or its
        Location header), or None when the answer names neither. ``known``: fields the new
        object has without their being sent, for the run's lists."""
        response = self.request("POST", path, root=root, body=body)
        uri = (response.text or "").strip() or response.headers.get("Location", "").strip()
        created = created_id(uri, path)
        self._written("POST", path, body, created, known)
        return created

    def known(self, path, item_key, rows):
        """A list this run knows without reading it (the AXL servers of a phone system it
        has just created: none)."""
        if self.run_cache is not None:
            self.run_cache.put(self._list_key(path, item_key), rows)

    def update(self, path, root, body, known=None):
        """PUT the fields that change; ``known``: what the server derives from them (for the
        run's lists)."""
        self.request("PUT", path, root=root, body=body)
        self._written("PUT", path, body, known=known)

    def delete(self, path):
        self.request("DELETE", path)
        self._written("DELETE", path)

    def action(self, path):
        """A PUT with no body, such as ``/vmrest/portgroups/<id>/reset``."""
        self.request("PUT", path)
        self._written("PUT", path)

    def _written(self, method, path, body=None, created=None, known=None):
        if self.run_cache is not None:
            self.run_cache.written(method, path, body, created, known)


def created_id(uri, collection):
    """The new object's id from the URI a create answers (body or Location), or None when the
    URI is not that of an object of ``collection``, the path posted to: Cisco's port group
    server create answers the port group's URI (003 L95), whose id is not the new server's.
    The caller then finds the new object by its key."""
    where = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", uri or "", flags=re.I).split("?")[0].rstrip("/")
    parent, _slash, new_id = where.rpartition("/")
    if "/" in where and parent.lower() != collection.split("?")[0].rstrip("/").lower():
        return None
    return new_id or None


def _wire(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _reason(exc):
    text = str(exc)
    match = re.search(r"\[SSL[^\]]*\][^')\"]*", text)
    if match:
        return match.group(0).strip()
    match = re.search(r"(Connection refused|Name or service not known|No route to host|"
                      r"Connection reset by peer|Remote end closed connection[^'\")]*)", text)
    if match:
        return match.group(0)
    return text[:200]
