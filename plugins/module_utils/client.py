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

import contextlib
import hashlib
import json
import os
import re
import ssl
import tempfile
import threading
import time
import traceback
import warnings

from ansible_collections.cupi.telephony.plugins.module_utils import profile
from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import (
    MARKS,
    STALE,
    RunCache,
    list_key,
)

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
# OpenSSL's libraries whose errors mean that the CA certificates (ca_path) could not be loaded.
CA_FILE_LIBRARIES = ("X509", "PEM")
# The source line Python's ssl module adds to OpenSSL's reason: " (_ssl.c:4147)".
SSL_SOURCE = re.compile(r"\s*\(_ssl\.c:\d+\)")
# A cookie in the session cache file: these fields, of printable ASCII without blanks.
COOKIE_FIELDS = ["domain", "name", "path", "secure", "value"]
COOKIE_TEXT = re.compile(r"^[\x21-\x7e]*$")
# The test mode in which every list the run cache serves is also read from the server.
VERIFY_VARIABLE = "CUPI_RUN_CACHE_VERIFY"
# How many lists ``CupiClient.lists`` reads at a time: Unity Connection works on 5 requests at
# once and queues the others (CUPI_FACTS, "Sessions and load"); 3 leave room for other clients.
LISTS_AT_ONCE = 3


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


@contextlib.contextmanager
def _silenced():
    """No warning during a request: validate_certs=false is warned about once per task, not per
    request. Python's warning filters belong to the process, and a thread that saves and
    restores them races the others: only the main thread changes them (``lists`` silences its
    threads' requests from there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _http_session(scheme, verify):
    """A requests session with one connection, kept alive for the whole run, that trusts no
    proxy or CA bundle of the environment (``verify``: the CA file, True or False)."""
    session = requests.Session()
    session.mount(scheme + "://", HTTPAdapter(pool_connections=1, pool_maxsize=1))
    session.trust_env = False
    session.verify = verify
    return session


@profile.timed("cache_read")
def read_session(path):
    """(cookies, problem): the cookies a session cache file holds ([] without a file), or
    why the file is not a list of cookies as ``_save_session`` writes them."""
    try:
        with open(path, encoding="utf-8") as handle:
            cookies = json.load(handle)
    except FileNotFoundError:
        return [], None
    except (OSError, ValueError, RecursionError) as exc:  # a bad UTF-8 byte is a ValueError
        return [], "it cannot be read as JSON (%s)" % str(exc)[:120]
    if not isinstance(cookies, list):
        return [], "it holds a %s, not a list of cookies" % type(cookies).__name__
    for cookie in cookies:
        if not (isinstance(cookie, dict) and sorted(cookie) == COOKIE_FIELDS and isinstance(cookie["secure"], bool)
                and all(isinstance(cookie[k], str) and COOKIE_TEXT.match(cookie[k])
                        for k in ("name", "value", "domain", "path")) and cookie["name"]):
            return [], "a cookie is not a map of name, value, domain, path (text) and secure (true or false)"
    return cookies, None


def build_query(column, value, operator="is"):
    """A CUPI query clause, or None when the value cannot be expressed safely."""
    value = str(value)
    if QUERY_UNSAFE.search(value) or value != value.strip() or not value:
        return None
    return "(%s %s %s)" % (column, operator, value)


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
        # What a second connection to the same server needs (``lists``), but the password.
        self._settings = dict(hostname=hostname, username=username, port=port, use_ssl=use_ssl,
                              validate_certs=validate_certs, ca_path=ca_path, timeout=timeout,
                              api_format=api_format, retries=retries, backoff=backoff, page_size=page_size)
        # Whether the server took this client's session cookie in this task (a cached one may
        # have expired): only then do ``lists`` read with it on several connections.
        self._session_answered = False
        scheme = "https" if use_ssl else "http"
        host = "[%s]" % hostname if ":" in hostname and not hostname.startswith("[") else hostname
        self.base_url = "%s://%s:%s" % (scheme, host, port)
        self.ca_path = ca_path if validate_certs and use_ssl else None
        self.session = _http_session(scheme, (ca_path or True) if validate_certs else False)
        mime = "application/%s" % api_format
        self.session.headers.update({"Accept": mime, "Connection": "keep-alive"})
        self._mime = mime
        self.stats = {"requests": 0, "basic_auth": 0}
        self._cache_file = None
        # What the task should be told (a cache file ignored), for the runner's warnings.
        self.warnings = []
        if session_cache:
            key = "%s|%s|%s|%s" % (self.base_url, username, hashlib.sha256(password.encode("utf-8")).hexdigest(),
                                   api_format)
            self._cache_file = os.path.join(session_cache, hashlib.sha256(key.encode("utf-8")).hexdigest())
            self._load_session()
        self.run_cache = RunCache(self._cache_file + ".run", run_id, self.warnings) if self._cache_file and run_id else None
        self.verify_cache = os.environ.get(VERIFY_VARIABLE, "").lower() in ("1", "true", "yes")

    # -- session -----------------------------------------------------------
    def _has_session(self):
        return any(c.name in SESSION_COOKIES for c in self.session.cookies)

    def _load_session(self):
        """Take up the session of an earlier task (Basic authentication is expensive
        on the server and throttled: three in a second get 503). A file that is not a list
        of cookies is ignored with a warning naming it, and removed: the next save replaces it."""
        cookies, problem = read_session(self._cache_file)
        if problem:
            self.warnings.append("ignored the session cache file %s: %s; it is replaced" % (self._cache_file, problem))
            try:
                os.remove(self._cache_file)
            except OSError:
                pass
            return
        for cookie in cookies:
            self.session.cookies.set(cookie["name"], cookie["value"], domain=cookie["domain"],
                                     path=cookie["path"], secure=cookie["secure"])

    @profile.timed("cache_write")
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
    @profile.timed("requests")
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
                self._session_answered = self._has_session()
                return response
            raise self._error(response, method, path)

    def _transport(self, method, path, url, params, data, headers, use_basic, attempt):
        """One request on the wire: the response, or None when the connection dropped and
        the request may be sent again (after a pause); a clear CupiError otherwise."""
        self.stats["requests"] += 1
        if use_basic:
            self.stats["basic_auth"] += 1
        try:
            with _silenced():
                return self.session.request(
                    method, url, params=params, data=data, headers=headers,
                    auth=(self.username, self._password) if use_basic else None,
                    timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise CupiError(self._tls_message(exc), method=method, path=path)
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

    def _tls_message(self, exc):
        """What a failed TLS connection tells the user: OpenSSL's whole reason and, when the CA
        file could not be loaded (an X509 or PEM error), the ca_path option and its file."""
        error = _ssl_error(exc)
        reason = _reason(exc)
        if self.ca_path and error is not None and error.library in CA_FILE_LIBRARIES:
            return ("TLS verification of %s:%s failed: the CA certificates of ca_path (%s) cannot be loaded: %s. "
                    "Give ca_path the PEM file of the CA that signed the server's certificate (or a folder of "
                    "them), or set validate_certs=false to skip verification (not recommended)"
                    % (self.hostname, self.port, self.ca_path, reason))
        return ("TLS verification of %s:%s failed: %s. Give the server's CA certificate with ca_path, "
                "or set validate_certs=false to skip verification (not recommended)"
                % (self.hostname, self.port, reason))

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
            self.run_cache.got(path.rsplit("/", 1)[0], obj)
        return obj

    def list(self, path, item_key, query=None, sort=None, fresh=False, partial=False):
        """Every row of a list, reading page after page (once per run with a run cache;
        ``fresh`` reads it again, for what the server changes by itself; ``partial`` takes
        rows this run created or changed and has not read since, see RunCache.get). With
        CUPI_RUN_CACHE_VERIFY=1 a list the run cache serves is read from the server too,
        and a difference fails the task."""
        key = list_key(path, item_key, query, sort)
        rows = self._cached(key, fresh, partial)
        if rows is not None:
            if self.verify_cache:
                self._verify(path, query, rows, self._list(path, item_key, query, sort))
            return rows
        rows = self._list(path, item_key, query, sort)
        self._keep(key, rows)
        return rows

    def _cached(self, key, fresh=False, partial=False):
        """The run cache's rows of the list ``key``, or None (no run cache, ``fresh``, not held)."""
        return None if fresh or self.run_cache is None else self.run_cache.get(key, partial)

    def _keep(self, key, rows):
        """The list ``key`` just read, into the run cache (when there is one)."""
        if self.run_cache is not None:
            self.run_cache.put(key, rows)

    @profile.timed("requests")
    def lists(self, specs, fresh=False):
        """The rows of several whole lists, ``specs`` as (path, item_key), as ``list`` gives
        each; the lists not taken from the run cache are read at once, at most LISTS_AT_ONCE
        at a time, each stream of reads on its own connection with this session's cookie. The
        first read goes alone until the server has taken the session in this task: it makes
        the session, or finds a cached one expired, with one Basic authentication (three at
        once would be throttled). Reads only: nothing is written."""
        if self.verify_cache or len(specs) < 2:
            return [self.list(path, item_key, fresh=fresh) for path, item_key in specs]
        rows = [self._cached(list_key(path, item_key), fresh) for path, item_key in specs]
        todo = [i for i, r in enumerate(rows) if r is None]
        if todo and not self._session_answered:  # no session, or a cached one not yet taken
            first = todo.pop(0)
            rows[first] = self.list(*specs[first], fresh=True)
        streams = [todo[i::LISTS_AT_ONCE] for i in range(min(LISTS_AT_ONCE, len(todo)))]
        read = self._read_streams([[specs[i] for i in stream] for stream in streams])
        for stream, stream_rows in zip(streams, read):
            for i, list_rows in zip(stream, stream_rows):
                rows[i] = list_rows
                self._keep(list_key(*specs[i]), list_rows)
        return rows

    def _read_streams(self, streams):
        """Each stream's lists read one after another: the first stream on this client, each
        other one in a thread on a client of its own that starts with this session's cookies.
        Once every stream has ended, the error of the first stream that failed is raised (with
        two lists refused, not always the one a read one after another would name)."""
        if not streams:
            return []
        results = [None] * len(streams)

        def read(index, client):
            try:
                results[index] = ([client._list(path, item_key, None, None) for path, item_key in streams[index]], None)
            except Exception as exc:  # pylint: disable=broad-except  # raised again in the main thread
                results[index] = (None, exc)

        others = [CupiClient(password=self._password, **self._settings) for _stream in streams[1:]]
        threads = [threading.Thread(target=read, args=(i + 1, other)) for i, other in enumerate(others)]
        with _silenced():
            for other, thread in zip(others, threads):
                other.session.cookies.update(self.session.cookies)
                thread.start()
            read(0, self)
            for other, thread in zip(others, threads):
                thread.join()
                other.close()
                for counter in self.stats:
                    self.stats[counter] += other.stats[counter]
        for _rows, error in results:
            if error is not None:
                raise error
        return [stream_rows for stream_rows, _error in results]

    @staticmethod
    def _verify(path, query, cached, read):
        """Fail when the run cache's list is not what the server holds (CUPI_RUN_CACHE_VERIFY)."""
        on_server = dict((row.get("ObjectId"), row) for row in read)
        problems = []
        for row in cached:
            have = on_server.pop(row.get("ObjectId"), None)
            if have is None:
                problems.append("%s is not on the server" % row.get("ObjectId"))
                continue
            fields = [] if STALE in row else sorted(
                k for k, v in row.items() if k not in MARKS and k in have and have[k] != v)
            problems += ["%s %s: cached %r, on the server %r" % (row.get("ObjectId"), k, row[k], have[k])
                         for k in fields]
        problems += ["%s is on the server but not in the run cache" % i for i in on_server]
        if problems:
            raise CupiError("run cache verification (%s=1): the cached list differs from the server: %s"
                            % (VERIFY_VARIABLE, "; ".join(problems)), method="GET",
                            path=path + ("?query=%s" % query if query else ""))

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

    def create(self, path, root, body):
        """POST a new object; return its object id (from the URI the server answers, or its
        Location header), or None when the answer names neither."""
        response = self.request("POST", path, root=root, body=body)
        uri = (response.text or "").strip() or response.headers.get("Location", "").strip()
        return created_id(uri, path)

    def update(self, path, root, body):
        """PUT the fields that change."""
        self.request("PUT", path, root=root, body=body)

    def delete(self, path):
        self.request("DELETE", path)

    def action(self, path):
        """A PUT with no body, such as ``/vmrest/portgroups/<id>/reset``."""
        self.request("PUT", path)


def created_id(uri, collection):
    """The new object's id from the URI a create answers (body or Location), or None when the
    URI is not that of an object of ``collection``, the path posted to: Cisco's port group
    server create answers the port group's URI (Port Group Server Settings, "Adding a TFTP
    Server to Existing Port Group with SIP Phone Integration"), whose id is not the new
    server's.
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


def _ssl_error(exc):
    """The ssl.SSLError under an exception of requests or urllib3 (their args, reason, cause
    or context), or None."""
    pending, seen = [exc], set()
    while pending:
        error = pending.pop(0)
        if not isinstance(error, BaseException) or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ssl.SSLError):
            return error
        pending.extend(error.args)
        pending.extend([getattr(error, "reason", None), error.__cause__, error.__context__])
    return None


def _reason(exc):
    """The cause of a failed connection, whole: OpenSSL's reason as it gives it (for example
    ``[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found``), without the
    source line of Python's ssl module."""
    error = _ssl_error(exc)
    text = str(exc)
    if error is not None:
        text = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], str) else str(error)
        return SSL_SOURCE.sub("", text).strip()
    match = re.search(r"\[[A-Z0-9_]+(: [A-Z0-9_]+)?\][^'\"]*", text)
    if match:
        return SSL_SOURCE.sub("", match.group(0)).strip()
    match = re.search(r"(Connection refused|Name or service not known|No route to host|"
                      r"Connection reset by peer|Remote end closed connection[^'\")]*)", text)
    if match:
        return match.group(0)
    if len(text) <= 300:
        return text
    return text[:300].rsplit(" ", 1)[0] + " ..."
