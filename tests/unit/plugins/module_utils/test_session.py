# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The session cache: one Basic authentication per play, not per task, against an
emulator that throttles Basic authentication as a real server does."""

from __future__ import annotations

import os
import stat

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.modules import phone_system

USER, PASSWORD = "admin", "Cupi-Demo-1"


@pytest.fixture
def throttled(throttled_emulator_process, tmp_path, monkeypatch):
    throttled_emulator_process.reset()
    monkeypatch.setenv("HOME", str(tmp_path))
    return throttled_emulator_process


def task(emulator, **options):
    params = dict(hostname="127.0.0.1", port=emulator.port, username=USER, password=PASSWORD,
                  ca_path=emulator.ca_path, name="HQ")
    params.update(options)
    validation = ArgumentSpecValidator(phone_system.Runner.full_argument_spec()).validate(params)
    return phone_system.Runner(validation.validated_parameters).execute()


def test_tasks_share_one_session(throttled, tmp_path):
    for guard in (1000, 2000, 3000, 4000, 5000, 6000):
        task(throttled, call_loop_guard_time_ms=guard)
    log = throttled.requests_log()
    assert [e["auth"] for e in log].count("basic") == 1
    assert [e["status"] for e in log if e["status"] >= 400] == []
    cache = tmp_path / ".ansible" / "cupi"
    (entry,) = list(cache.iterdir())
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600
    assert PASSWORD not in entry.read_text()


def test_without_the_cache_the_throttle_is_ridden_out(throttled, tmp_path):
    for guard in (1000, 2000, 3000, 4000, 5000):
        task(throttled, call_loop_guard_time_ms=guard, session_cache=False)
    log = throttled.requests_log()
    assert [e["auth"] for e in log if e["status"] < 400].count("basic") == 5  # one per task
    assert any(e["status"] == 503 for e in log)  # the server pushed back, the retries absorbed it
    assert [p["CallLoopGuardTimeMs"] for p in throttled.phone_systems()] == ["5000"]
    assert not (tmp_path / ".ansible" / "cupi").exists()


def test_a_stale_cached_session_is_replaced(throttled):
    task(throttled)
    throttled.reset()  # the server forgets every session
    task(throttled)
    assert [(e["status"], e["auth"]) for e in throttled.requests_log()][:2] == [(401, "none"), (200, "basic")]
    task(throttled)
    assert throttled.requests_log()[-1]["auth"] == "session"
