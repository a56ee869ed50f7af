# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The opt-in time accounting (CUPI_PROFILE): nothing when off, one line per action run when on."""

from __future__ import annotations

import json

from ansible_collections.cupi.telephony.plugins.module_utils import profile


def test_off_returns_the_functions_themselves(monkeypatch):
    monkeypatch.setattr(profile, "PROFILE_FILE", None)

    def work():
        return 1

    assert profile.timed("requests")(work) is work
    assert profile.task(work) is work


def test_on_writes_a_line_per_run_with_exclusive_phases(monkeypatch, tmp_path):
    path = tmp_path / "profile.jsonl"
    monkeypatch.setattr(profile, "PROFILE_FILE", str(path))

    @profile.timed("cache_write")
    def save():
        return "saved"

    @profile.timed("requests")
    def request():
        return save()

    @profile.task
    def run():
        return [request(), request()]

    assert run() == ["saved", "saved"]
    run()
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 2
    phases = lines[0]["phases"]
    assert phases["requests"]["calls"] == 2 and phases["cache_write"]["calls"] == 2
    assert all(phases[p]["wall"] >= 0 for p in phases)
    assert lines[0]["wall"] >= phases["requests"]["wall"] + phases["cache_write"]["wall"] - 1e-6
    assert set(lines[0]) == {"pid", "time", "wall", "cpu", "phases"}
