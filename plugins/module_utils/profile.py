# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Opt-in time accounting of the collection's own Python (tests/bench/run.py uses it).

With ``CUPI_PROFILE=<file>`` set when the process starts, every action plugin run (one per
task, host and loop item) appends one JSON line to the file: its process id, wall and CPU
seconds, when it ended, and per phase (``validate``, ``cache_read``, ``cache_write``, ``requests``) the
seconds spent in it, exclusive of the phases nested in it. Unset, the decorators below
return the functions they are given: no cost at all.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time

PROFILE_FILE = os.environ.get("CUPI_PROFILE") or None

_totals = {}
_stack = []


def _now():
    return time.perf_counter(), time.process_time()


def timed(phase):
    """Account the time of the decorated function to ``phase`` (when profiling)."""
    def decorate(function):
        if not PROFILE_FILE:
            return function

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                return function(*args, **kwargs)  # a read at once: the main thread's phase counts it
            wall, cpu = _now()
            frame = [0.0, 0.0]  # the time of the phases nested in this one
            _stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                _stack.pop()
                end_wall, end_cpu = _now()
                spent_wall, spent_cpu = end_wall - wall, end_cpu - cpu
                entry = _totals.setdefault(phase, [0.0, 0.0, 0])
                entry[0] += spent_wall - frame[0]
                entry[1] += spent_cpu - frame[1]
                entry[2] += 1
                if _stack:
                    _stack[-1][0] += spent_wall
                    _stack[-1][1] += spent_cpu
        return wrapper
    return decorate


def task(function):
    """Write one line for each run of the decorated function (an action plugin's ``run``)."""
    if not PROFILE_FILE:
        return function

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _totals.clear()
        del _stack[:]
        wall, cpu = _now()
        try:
            return function(*args, **kwargs)
        finally:
            end_wall, end_cpu = _now()
            record = {"pid": os.getpid(), "time": time.time(), "wall": end_wall - wall, "cpu": end_cpu - cpu,
                      "phases": dict((k, {"wall": v[0], "cpu": v[1], "calls": v[2]}) for k, v in _totals.items())}
            try:
                with open(PROFILE_FILE, "a", encoding="utf-8") as out:
                    out.write(json.dumps(record, sort_keys=True) + "\n")
            except OSError:
                pass
    return wrapper
