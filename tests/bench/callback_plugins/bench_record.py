# -*- coding: utf-8 -*-
# The benchmark's recorder: when each task started, how it ended per host, the play recap and
# the messages of the tasks that report what changed. Written as JSON to $BENCH_RECORD.
from __future__ import annotations

DOCUMENTATION = """
name: bench_record
type: aggregate
short_description: record task start times, results and the recap for tests/bench/run.py
description: Writes JSON to the file named by the BENCH_RECORD environment variable.
requirements: [enabled in ANSIBLE_CALLBACKS_ENABLED]
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

REPORT_TASKS = ("What differs", "What changed", "What changed (in check mode, what would change)")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.tasks = []
        self.messages = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks.append({"name": task.get_name(), "start": time.time(), "results": {}})

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
        recap = {}
        for host in sorted(stats.processed):
            recap[host] = stats.summarize(host)
        path = os.environ.get("BENCH_RECORD")
        if path:
            with open(path, "w") as out:
                json.dump({"end": time.time(), "tasks": self.tasks, "recap": recap, "messages": self.messages},
                          out, default=str)
