"""Authentication state: users, sessions (cookies) and the request log. No HTTP framework here."""

import secrets
import threading
import time

SESSION_COOKIES = ("JSESSIONIDSSO", "JSESSIONID")


def parse_users(users):
    """'admin:password,other:pw' | {'admin': 'password'} | [('admin', 'password')] -> dict."""
    if users is None:
        return {"admin": "password"}
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
    """Session cookies handed out after a successful Basic authentication."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}  # cookie value -> (user, created)

    def new_session(self, user):
        """Returns the cookie values {'JSESSIONIDSSO':..., 'JSESSIONID':..., 'REQUEST_TOKEN_KEY':...}."""
        values = {
            "JSESSIONIDSSO": secrets.token_hex(16).upper(),
            "JSESSIONID": secrets.token_hex(16).upper(),
            "REQUEST_TOKEN_KEY": secrets.token_hex(8),
        }
        now = time.time()
        with self._lock:
            self._tokens[values["JSESSIONIDSSO"]] = (user, now)
            self._tokens[values["JSESSIONID"]] = (user, now)
        return values

    def user_for(self, cookies):
        """The user of the first valid session cookie in ``cookies`` (a mapping), or None."""
        with self._lock:
            for name in SESSION_COOKIES:
                value = cookies.get(name)
                if value and value in self._tokens:
                    return self._tokens[value][0]
        return None

    def clear(self):
        with self._lock:
            self._tokens.clear()


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def add(self, **entry):
        with self._lock:
            self._entries.append(entry)

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()
