"""Authentication state: users, sessions (cookies) and the request log. No HTTP framework here."""

import secrets
import threading
import time

SESSION_COOKIES = ("JSESSIONIDSSO", "JSESSIONID")


# The demo administrator: a password that no message of Ansible or CUPI contains, so that
# Ansible's masking of no_log values never hides a word of the output.
DEFAULT_USERS = "admin:Cupi-Demo-1"


def parse_users(users):
    """'admin:Cupi-Demo-1,other:pw' | {'admin': 'Cupi-Demo-1'} | [('admin', 'Cupi-Demo-1')] -> dict."""
    if users is None:
        return parse_users(DEFAULT_USERS)
    if isinstance(users, dict):
        return dict(users)
    if isinstance(users, str):
        result = {}
        for item in users.split(","):
            item = item.strip()
            if not item:
                continue
            name, sep, password = item.partition(":")
            if not sep or not name:
                raise ValueError(f"user '{item}' is not of the form name:password")
            result[name] = password
        if not result:
            raise ValueError("no users given")
        return result
    return {name: password for name, password in users}


class SessionStore:
    """Session cookies handed out after a successful Basic authentication.

    A session expires ``timeout_s`` seconds after its last use (0 = never); an expired cookie
    no longer authenticates. Both cookie values of one session share its last-use time.
    """

    def __init__(self, timeout_s=1800):
        self._lock = threading.Lock()
        self._tokens = {}  # cookie value -> session {"user", "created", "last", "values"}
        self.timeout_s = timeout_s

    def new_session(self, user):
        """Returns the cookie values {'JSESSIONIDSSO':..., 'JSESSIONID':..., 'REQUEST_TOKEN_KEY':...}."""
        values = {
            "JSESSIONIDSSO": secrets.token_hex(16).upper(),
            "JSESSIONID": secrets.token_hex(16).upper(),
            "REQUEST_TOKEN_KEY": secrets.token_hex(8),
        }
        now = time.monotonic()
        session = {"user": user, "created": time.time(), "last": now,
                   "values": (values["JSESSIONIDSSO"], values["JSESSIONID"])}
        with self._lock:
            self._purge(now)
            for value in session["values"]:
                self._tokens[value] = session
        return values

    def _expired(self, session, now):
        return bool(self.timeout_s) and now - session["last"] > self.timeout_s

    def _purge(self, now):
        if self.timeout_s:
            for value in [v for v, s in self._tokens.items() if self._expired(s, now)]:
                del self._tokens[value]

    def user_for(self, cookies, touch=True):
        """The user of the first valid session cookie in ``cookies`` (a mapping), or None.
        ``touch`` marks the session as used now (a request authenticated by it)."""
        now = time.monotonic()
        with self._lock:
            for name in SESSION_COOKIES:
                value = cookies.get(name)
                session = self._tokens.get(value) if value else None
                if session is None:
                    continue
                if self._expired(session, now):
                    for v in session["values"]:
                        self._tokens.pop(v, None)
                    continue
                if touch:
                    session["last"] = now
                return session["user"]
        return None

    def count(self):
        with self._lock:
            self._purge(time.monotonic())
            return len({id(s) for s in self._tokens.values()})

    def clear(self):
        """Every current session becomes invalid (reset, or the expire_sessions fault)."""
        with self._lock:
            self._tokens.clear()


class StillInFlight(Exception):
    """A clear waited ``timeout_s`` for the requests in flight to end: nothing was cleared."""

    def __init__(self, count, timeout_s):
        super().__init__(f"{count} /vmrest request(s) still in flight after {timeout_s:g} s: "
                         "nothing was cleared")
        self.count = count


class RequestLog:
    """The log of /vmrest requests, and the requests in flight.

    A request calls ``begin()`` when it starts (it is then in flight; the result is its
    generation), ``add(generation, ...)`` to log itself and ``end()`` when it is over. ``clear``
    waits until no request is in flight, then starts a new generation with an empty log, all
    under the lock that ``begin`` takes: a request that began before a clear never shows in the
    log after it (and ``add`` drops the entry of an earlier generation whatever happens).
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._entries = []
        self._generation = 0
        self._in_flight = 0

    def begin(self):
        with self._cond:
            self._in_flight += 1
            return self._generation

    def end(self):
        with self._cond:
            self._in_flight -= 1
            if not self._in_flight:
                self._cond.notify_all()

    @property
    def in_flight(self):
        with self._cond:
            return self._in_flight

    def add(self, generation, **entry):
        """Log a request of ``generation``; an earlier generation's entry is dropped."""
        with self._cond:
            if generation == self._generation:
                self._entries.append(entry)

    def entries(self):
        with self._cond:
            return list(self._entries)

    def clear(self, timeout_s, then=None):
        """Once no request is in flight (``StillInFlight`` after ``timeout_s`` seconds, nothing
        done), call ``then()`` (no request can begin meanwhile) and empty the log."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._in_flight, timeout_s):
                raise StillInFlight(self._in_flight, timeout_s)
            if then is not None:
                then()
            self._generation += 1
            self._entries.clear()
