"""Injected faults (POST /__emulator__/faults): 503 bursts, dropped connections before or
after the change is committed, delays, expired sessions. No HTTP framework here."""

import re
import threading

KINDS = ("status_503", "drop_before", "drop_after", "delay", "expire_sessions")
# A terminal fault answers (or drops) the request itself; the others modify how it is handled.
TERMINAL = ("status_503", "drop_before")
METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")
KEYS = {"kind", "method", "path", "count", "skip", "ms"}


class FaultError(ValueError):
    """An invalid fault description (the admin endpoint answers 400)."""


def _int(data, key, default, minimum=0):
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FaultError(f"'{key}' must be an integer >= {minimum}")
    return value


class Fault:
    def __init__(self, fault_id, data):
        if not isinstance(data, dict):
            raise FaultError("a fault is a JSON object")
        unknown = set(data) - KEYS
        if unknown:
            raise FaultError(f"unknown key(s): {', '.join(sorted(unknown))}")
        kind = data.get("kind")
        if kind not in KINDS:
            raise FaultError(f"'kind' must be one of {', '.join(KINDS)}")
        method = data.get("method")
        if method in (None, "", "*"):
            method = None
        elif not isinstance(method, str) or method.upper() not in METHODS:
            raise FaultError(f"'method' must be one of {', '.join(METHODS)} or '*'")
        else:
            method = method.upper()
        path = data.get("path")
        if path in (None, ""):
            path = None
            regex = None
        else:
            if not isinstance(path, str):
                raise FaultError("'path' must be a string (a regular expression)")
            try:
                regex = re.compile(path)
            except re.error as exc:
                raise FaultError(f"'path' is not a valid regular expression: {exc}") from None
        if kind == "delay":
            if "ms" not in data:
                raise FaultError("a delay needs 'ms'")
            self.ms = _int(data, "ms", 0)
        elif "ms" in data:
            raise FaultError("'ms' only applies to kind 'delay'")
        else:
            self.ms = None
        self.id = fault_id
        self.kind = kind
        self.method = method
        self.path = path
        self._regex = regex
        self.count = _int(data, "count", 1)       # 0 = until cleared
        self.skip = _int(data, "skip", 0)         # matching requests let through first
        self.hits = 0                             # matching requests that got the fault
        self.seen = 0                             # matching requests (skipped ones included)

    def matches(self, method, path):
        if self.method is not None and method.upper() != self.method:
            return False
        return self._regex is None or self._regex.match(path) is not None

    @property
    def exhausted(self):
        return bool(self.count) and self.hits >= self.count

    def view(self):
        view = {"id": self.id, "kind": self.kind, "method": self.method or "*", "path": self.path,
                "count": self.count, "skip": self.skip, "hits": self.hits,
                "remaining": None if not self.count else self.count - self.hits}
        if self.kind == "delay":
            view["ms"] = self.ms
        return view


class FaultStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []
        self._next_id = 1

    def add(self, items):
        """Validate all, then add all; returns the new faults' views."""
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or not items:
            raise FaultError("a JSON object (one fault) or a non-empty list of them is expected")
        with self._lock:
            new = [Fault(self._next_id + i, data) for i, data in enumerate(items)]
            self._next_id += len(new)
            self._faults.extend(new)
            return [f.view() for f in new]

    def active(self):
        with self._lock:
            return [f.view() for f in self._faults]

    def remove(self, fault_id):
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            return len(self._faults) != before

    def clear(self):
        with self._lock:
            self._faults.clear()

    def take(self, method, path):
        """[(kind, ms)] of the faults that apply to this request, in the order they were added, each consumed
        once. Evaluation stops at the first terminal fault (status_503, drop_before): faults
        after it are neither applied nor consumed. Exhausted faults are removed."""
        applied = []
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fault.seen <= fault.skip:
                    continue
                fault.hits += 1
                applied.append((fault.kind, fault.ms))
                if fault.kind in TERMINAL:
                    break
            self._faults = [f for f in self._faults if not f.exhausted]
        return applied
