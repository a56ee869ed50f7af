# -*- coding: utf-8 -*-
# The benchmark's recorder: when each task started, how it ended per host, the play recap and
# the messages of the tasks that report what changed. Written as JSON to $BENCH_RECORD.
# With $BENCH_WORKERS set it also records CPU: the controller process's own per task (from
# one task's start to the next) and, in that file, one JSON line per worker process (one per
# task and host): its wall and CPU time, and how much of it went to templating the loop,
# running each item (templating its options, the condition) and the action plugin itself,
# and which of the collection's Python files it imported (it did not inherit them).
from __future__ import annotations

DOCUMENTATION = """
name: bench_record
type: aggregate
short_description: record task start times, results, CPU and the recap for tests/bench/run.py
description: Writes JSON to the file named by the BENCH_RECORD environment variable.
requirements: [enabled in ANSIBLE_CALLBACKS_ENABLED]
"""

import functools
import json
import os
import resource
import sys
import time

from ansible.plugins.callback import CallbackBase

COLLECTION = "ansible_collections.cupi.telephony."
REPORT_TASKS = ("What differs", "What changed", "What changed (in check mode, what would change)")


def _cpu(usage):
    return usage.ru_utime + usage.ru_stime


def _worker_cpu():
    """The CPU time of this process (a forked worker's clock starts from zero) and of the
    children it has waited for."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def _timed(totals, key, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            entry = totals.setdefault(key, [0.0, 0.0, 0])
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu
            entry[2] += 1
    return wrapper


def patch_workers(path):
    """Record each worker's time in ``path`` (the workers are forks of this process, so they
    run the patched classes). Bench-only: a few clock reads per task and loop item."""
    from ansible.executor import task_executor
    from ansible.executor.process import worker

    if getattr(worker.WorkerProcess, "_bench_patched", False):
        return
    totals = {}
    original_run = worker.WorkerProcess._run

    def run(self):
        totals.clear()
        start = time.time()
        inherited = set(name for name in sys.modules if name.startswith(COLLECTION))
        try:
            return original_run(self)
        finally:
            imported = sorted(name for name in sys.modules if name.startswith(COLLECTION) and name not in inherited)
            record = {"pid": os.getpid(), "task": self._task._uuid, "host": self._host.get_name(),
                      "start": start, "end": time.time(), "cpu": _worker_cpu(), "imported": imported,
                      "phases": dict((k, {"wall": v[0], "cpu": v[1], "calls": v[2]}) for k, v in totals.items())}
            try:
                with open(path, "a") as out:
                    out.write(json.dumps(record) + "\n")
            except OSError:
                pass

    executor = task_executor.TaskExecutor
    original_handler = getattr(executor, "_get_action_handler_with_module_context", None)

    def get_action_handler(self, *args, **kwargs):
        handler, context = original_handler(self, *args, **kwargs)
        handler.run = _timed(totals, "action", handler.run)
        return handler, context

    executor._get_loop_items = _timed(totals, "loop", executor._get_loop_items)
    executor._execute = _timed(totals, "item", executor._execute)
    if original_handler is not None:  # ansible-core 2.10 and later: every action handler is built there
        executor._get_action_handler_with_module_context = get_action_handler
    worker.WorkerProcess._run = run
    worker.WorkerProcess._bench_patched = True


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.tasks = []
        self.messages = {}
        self.began = time.time()
        self.cpu_began = _cpu(resource.getrusage(resource.RUSAGE_SELF))
        if os.environ.get("BENCH_WORKERS"):
            patch_workers(os.environ["BENCH_WORKERS"])

    def _close_task(self):
        """The controller process's CPU since the last task started, to that task."""
        now = _cpu(resource.getrusage(resource.RUSAGE_SELF))
        if self.tasks and "main_cpu" not in self.tasks[-1]:
            self.tasks[-1]["main_cpu"] = now - self.tasks[-1]["main_cpu_start"]
            self.tasks[-1]["end"] = time.time()
        return now

    def v2_playbook_on_task_start(self, task, is_conditional):
        now = self._close_task()
        self.tasks.append({"name": task.get_name(), "uuid": task._uuid, "start": time.time(), "results": {},
                           "main_cpu_start": now})

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _result(self, result, status):
        if not self.tasks:
            return
        host = result._host.get_name()
        self.tasks[-1]["results"][host] = status
        if self.tasks[-1]["name"].split(" : ")[-1] in REPORT_TASKS and "msg" in result._result:
            self.messages.setdefault(host, {})[self.tasks[-1]["name"]] = result._result["msg"]

    def v2_runner_on_ok(self, result):
        self._result(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._result(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._result(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        cpu = self._close_task()
        recap = {}
        for host in sorted(stats.processed):
            recap[host] = stats.summarize(host)
        path = os.environ.get("BENCH_RECORD")
        if path:
            with open(path, "w") as out:
                json.dump({"began": self.began, "end": time.time(), "main_cpu": cpu - self.cpu_began,
                           "tasks": self.tasks, "recap": recap, "messages": self.messages}, out, default=str)
