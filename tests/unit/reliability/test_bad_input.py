# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input catalogue (catalogue.py): every invalid input fails before any write,
with a message that names the option and what is allowed.

Modules are driven as Ansible drives them (the argument spec, then the Runner); a
representative subset also through ansible-playbook (the action plugin); the role
through ``ansible-playbook cupi.telephony.apply -e @vars``. The emulator's request log
shows what was sent."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from . import catalogue
from .helpers import ansible_playbook, drive, dump_play, make_objects, playbook_env, writes


def params(cases):
    return [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])]
                         if c["xfail"] else []) for c in cases]


MODULE_CASES = [c for c in catalogue.CASES if c["target"] != "role"]
ROLE_CASES = [c for c in catalogue.CASES if c["target"] == "role"]
PLAYBOOK_CASES = [c for c in MODULE_CASES if c["playbook"]]


def check_log(case, log):
    if case["kind"] == "validation":
        assert log == [], "requests sent before a validation error: %s" % log
    else:
        assert writes(log) == [], "writes before the error: %s" % writes(log)


def test_the_catalogue_is_big_enough_and_well_formed():
    ids = [c["id"] for c in catalogue.CASES]
    assert len(ids) == len(set(ids))
    assert len(catalogue.CASES) >= 40
    assert len(ROLE_CASES) >= 5 and len(PLAYBOOK_CASES) >= 10
    for c in catalogue.CASES:
        assert c["kind"] in ("validation", "lookup")
        assert c["expected"] and c["option"], c["id"]


def test_the_document_table_is_generated_from_the_catalogue():
    with open(catalogue.DOC) as handle:
        text = handle.read()
    assert catalogue.document_block(text) == catalogue.render_block(), (
        "docs/reliability.md is out of date: run "
        "PYTHONPATH=build .venv/bin/python tests/unit/reliability/catalogue.py")


@pytest.mark.parametrize("case", params(MODULE_CASES))
def test_module_rejects_bad_input_before_any_write(connection, emulator, case):
    if case["kind"] == "lookup":
        make_objects(connection)
    emulator.clear_log()
    failed, msg, _result = drive(case["target"], connection, **case["options"])
    assert failed, "accepted: %s" % msg
    assert case["expected"] in msg
    assert case["option"] in msg
    check_log(case, emulator.requests_log())


@pytest.fixture(scope="module")
def playbook_run(emulator_process, tmp_path_factory):
    """One ansible-playbook run with a task per PLAYBOOK_CASES case (ignore_errors), the
    json callback, and the request log of the run."""
    emulator = emulator_process
    emulator.reset()
    home = tmp_path_factory.mktemp("home")
    connection = dict(hostname="127.0.0.1", port=emulator.port, username="admin", password="Cupi-Demo-1",
                      ca_path=emulator.ca_path, timeout=10)
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        make_objects(connection)
    finally:
        os.environ["HOME"] = old_home
    tasks = [{"name": c["id"], "cupi.telephony.%s" % c["target"]: c["options"]} for c in PLAYBOOK_CASES]
    folder = tmp_path_factory.mktemp("play")
    play, dump = folder / "bad_input.yml", folder / "results.json"
    play.write_text(yaml.safe_dump(dump_play(tasks, dump, "bad input"), sort_keys=False))
    emulator.clear_log()
    rc, output = ansible_playbook(playbook_env(emulator, home), str(play))
    assert rc == 0, output[-3000:]
    log = emulator.requests_log()
    return json.loads(dump.read_text()), log, output


def test_the_playbook_run_wrote_nothing(playbook_run):
    _results, log, _output = playbook_run
    assert writes(log) == []


@pytest.mark.parametrize("case", params(PLAYBOOK_CASES))
def test_action_plugin_rejects_bad_input(playbook_run, case):
    results, _log, output = playbook_run
    result = results[case["id"]]
    assert result.get("failed") is True, result
    # ansible-core 2.19+ puts 'exception': '(traceback unavailable)' in every failed result
    assert "Traceback" not in str(result.get("exception", "")) and "module_stderr" not in result, result
    assert "Traceback" not in output
    assert case["expected"] in result["msg"]
    assert case["option"] in result["msg"]


@pytest.mark.parametrize("case", params(ROLE_CASES))
def test_role_rejects_bad_variables_before_any_write(emulator, tmp_path, case):
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(yaml.safe_dump(case["options"]))
    emulator.clear_log()
    rc, output = ansible_playbook(playbook_env(emulator, tmp_path), "cupi.telephony.apply", "-e", "@%s" % vars_file)
    assert rc != 0, output[-2000:]
    assert "Traceback" not in output, output[-3000:]
    assert case["expected"] in output, output[-3000:]
    assert case["option"] in output
    log = emulator.requests_log()
    assert writes(log) == [], "writes before the error: %s" % writes(log)
