# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One writer per server on a controller.

Unity Connection keeps names unique for phone systems, port groups and profiles, not for
children: a second ``POST /vmrest/ports`` adds more ports, a second AXL server with the same
host is accepted. Tasks that add children (ports, port group servers, codecs, AXL servers)
therefore read, decide and write under an exclusive ``flock`` on a lock file named by a hash
of the server's base URL, shared by every run and fork on the controller, so that the second
writer reads after the first wrote.

The lock file also holds a small record: how many tasks wrote while holding it, and, per run,
that number when the run last held it. A run notes that number before its first read
(``writes_so_far``), so its first writer task knows whether a write came after its reads. A task
whose run has not seen every write (another run wrote since, or another fork wrote while this
one waited) must not compare against the run's cached lists: ``WriterLock.stale`` says so, and
the caller reads from the server.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX controller
    fcntl = None

# A task waits at most the connection's timeout times this for another task writing to the
# same server (300 s at the default timeout of 30 s), then fails naming the lock file.
WAIT_FACTOR = 10
# A wait longer than this (seconds) is named in a warning.
NOTICEABLE_WAIT = 0.5
# How often a waiting task tries the lock again (seconds).
POLL_INTERVAL = 0.05
# The runs the record remembers (the oldest are dropped).
RUNS_KEPT = 50
NO_LOCK = ("no lock against other tasks writing to %s could be had (%s): tasks of other runs or hosts "
           "that add ports, servers or codecs to it at the same time may add them twice")


class WriterTimeout(Exception):
    """Another task held the lock for longer than the wait allows."""

    def __init__(self, waited, path):
        super().__init__("waited %.0f s for lock file %s" % (waited, path))
        self.waited = waited
        self.path = path


def lock_paths(base_url, folder):
    """Where the lock of the server at ``base_url`` may live: in ``folder`` (the session
    cache's), else under the system's temporary folder."""
    name = "%s.writer.lock" % hashlib.sha256(base_url.encode("utf-8")).hexdigest()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [os.path.join(folder, name), os.path.join(tempfile.gettempdir(), "cupi_%s_%s" % (uid, name))]


def open_first(paths):
    """(path, descriptor) of the first lock file that can be opened for writing; the last
    error's text instead of a descriptor when none can."""
    reason = "no path"
    for path in paths:
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            return path, os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            reason = "%s: %s" % (path, exc.strerror or exc)
    return reason, None


def read_record(descriptor):
    """The lock file's record: ``writes`` (tasks that wrote while holding it) and ``runs``
    (per run, ``writes`` when it last held it). Unreadable: an empty record."""
    try:
        data = json.loads(os.pread(descriptor, 65536, 0).decode("utf-8") or "{}")
    except (OSError, ValueError):
        data = {}
    writes = data.get("writes") if isinstance(data, dict) else None
    runs = data.get("runs") if isinstance(data, dict) else None
    return {"writes": writes if isinstance(writes, int) else 0, "runs": runs if isinstance(runs, dict) else {}}


def write_record(descriptor, record):
    """The record, written in place (the lock belongs to this file, so it is never replaced)."""
    data = json.dumps(record).encode("utf-8")
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, data, 0)
    except OSError:
        pass  # the next holder reads an empty record and reads from the server


def writes_so_far(base_url, folder):
    """The record's ``writes`` of the server's lock file as it is now (0 with none), read
    without the lock: what a run notes before its first read (``WriterLock(seen=...)``)."""
    for path in lock_paths(base_url, folder):
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            return read_record(descriptor)["writes"]
        finally:
            os.close(descriptor)
    return 0


def run_key(run_id):
    return hashlib.sha256(str(run_id).encode("utf-8")).hexdigest()[:16] if run_id else None


class WriterLock:
    """The exclusive lock of one server; ``acquire()`` then ``release(wrote)``.

    After ``acquire()``: ``path`` (the lock file), ``waited`` (seconds), ``stale`` (the run's
    cached lists may miss another task's writes) and ``problem`` (why no lock could be had:
    the task goes on without one)."""

    def __init__(self, base_url, folder, wait, run_id=None, seen=None):
        self.paths = lock_paths(base_url, folder)
        self.wait = wait
        self.run = run_key(run_id)
        self.seen = seen or 0  # the writes the run's lists had seen before it first held the lock
        self.path, self.problem = self.paths[0], None
        self.waited, self.stale = 0.0, False
        self._descriptor = None

    def acquire(self):
        path, descriptor = open_first(self.paths)
        if descriptor is None or fcntl is None:
            self.problem = path if descriptor is None else "no fcntl on this controller"
            return self
        self.path, self._descriptor = path, descriptor
        before = read_record(descriptor)
        started = time.monotonic()
        while not self._try_lock():
            if self._descriptor is None:
                return self  # flock itself failed: self.problem says why
            self.waited = time.monotonic() - started
            if self.waited >= self.wait:
                self._close()
                raise WriterTimeout(self.waited, path)
            time.sleep(POLL_INTERVAL)
        self.waited = time.monotonic() - started
        record = read_record(descriptor)
        self.stale = (record["writes"] != before["writes"]
                      or record["runs"].get(self.run, self.seen) != record["writes"])
        return self

    def _try_lock(self):
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            self.problem = "%s: %s" % (self.path, exc.strerror or exc)
            self._close()
            return False

    def release(self, wrote):
        """Count this task's writes and note that this run has seen every write so far."""
        if self._descriptor is None:
            return
        record = read_record(self._descriptor)
        record["writes"] += 1 if wrote else 0
        if self.run:
            runs = record["runs"]
            runs.pop(self.run, None)
            runs[self.run] = record["writes"]
            record["runs"] = dict(list(runs.items())[-RUNS_KEPT:])
        write_record(self._descriptor, record)
        self._close()  # closing releases the lock

    def _close(self):
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
