"""Load behaviour of a real Unity Connection: a few worker slots with a queue in front of
them, and the throttle on Basic authentications. No HTTP framework here."""

import collections
import threading
import time


class SlotLimiter:
    """At most ``limit`` requests are worked on at once; the others wait (in arrival order, as
    far as the scheduler allows) up to a timeout. The limit can change at runtime."""

    def __init__(self, limit=5):
        if limit < 1:
            raise ValueError("max_concurrent must be 1 or more")
        self._cond = threading.Condition()
        self._limit = limit
        self.active = 0
        self.waiting = 0

    @property
    def limit(self):
        return self._limit

    @limit.setter
    def limit(self, value):
        if value < 1:
            raise ValueError("max_concurrent must be 1 or more")
        with self._cond:
            self._limit = value
            self._cond.notify_all()

    def acquire(self, timeout_s):
        """Take a slot; False when none became free within ``timeout_s`` seconds."""
        deadline = time.monotonic() + max(timeout_s, 0)
        with self._cond:
            self.waiting += 1
            try:
                while self.active >= self._limit:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    self._cond.wait(remaining)
                self.active += 1
                return True
            finally:
                self.waiting -= 1

    def release(self):
        with self._cond:
            self.active -= 1
            self._cond.notify()


class BasicAuthThrottle:
    """Basic authentication is expensive on CUC: the ``limit``-th Basic authentication within
    ``window_s`` seconds gets 503 (so at most ``limit - 1`` go through per window). Only the
    authentications that went through count (the refused ones do not extend the lock-out).
    ``limit`` 0 disables the throttle."""

    def __init__(self, limit=3, window_s=1.0):
        self._lock = threading.Lock()
        self.limit = limit
        self.window_s = window_s
        self._times = collections.deque()

    def allow(self):
        """Record one Basic authentication; False (nothing recorded) when it must get 503."""
        if not self.limit:
            return True
        now = time.monotonic()
        with self._lock:
            while self._times and now - self._times[0] >= self.window_s:
                self._times.popleft()
            if len(self._times) >= self.limit - 1:
                return False
            self._times.append(now)
            return True

    def clear(self):
        with self._lock:
            self._times.clear()
