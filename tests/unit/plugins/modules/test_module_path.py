# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plain-module path: each module file run as Ansible runs a module (arguments in
a JSON file, result as JSON on stdout), against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.cupi.telephony.plugins.modules import phone_system

MODULES_DIR = os.path.dirname(phone_system.__file__)
COLLECTIONS_ROOT = os.path.abspath(os.path.join(MODULES_DIR, "..", "..", "..", "..", ".."))


def run_module(name, args, tmp_path, check_mode=False, diff=False):
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    args_file = tmp_path / ("%s.json" % name)
    args_file.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    env = dict(os.environ, PYTHONPATH=COLLECTIONS_ROOT)
    env.pop("CUPI_PASSWORD", None)
    process = subprocess.run([sys.executable, os.path.join(MODULES_DIR, "%s.py" % name), str(args_file)],
                             capture_output=True, text=True, env=env, timeout=60, check=False)
    return json.loads(process.stdout)


def test_phone_system_module_path(connection, emulator, tmp_path):
    result = run_module("phone_system", dict(connection, name="Plain", mwi_force_off=True), tmp_path, diff=True)
    assert result["changed"] is True, result
    assert result["diff"]["after"]["mwi_force_off"] is True
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["Plain"]

    again = run_module("phone_system", dict(connection, name="Plain", mwi_force_off=True), tmp_path)
    assert again["changed"] is False


def test_axl_password_never_returned_on_module_path(connection, emulator, tmp_path):
    run_module("phone_system", dict(connection, name="Plain"), tmp_path)
    secret = "module-path-axl-secret"
    result = run_module("axl_servers", dict(connection, phone_system="Plain",
                                            servers=[dict(host="10.0.0.1", password=secret)]), tmp_path, diff=True)
    assert result["changed"] is True
    assert secret not in json.dumps(result)
    assert emulator.axl_password(result["after"][0]["object_id"]) == secret


@pytest.mark.parametrize("options, message", [
    (dict(name="X", call_loop_guard_time_ms=-1), "call_loop_guard_time_ms must be between 0 and 10000, got -1"),
    (dict(name="X", state="gone"), "value of state must be one of: present, absent, got: gone"),
])
def test_module_path_errors(connection, emulator, tmp_path, options, message):
    emulator.clear_log()
    result = run_module("phone_system", dict(connection, **options), tmp_path)
    assert result["failed"] is True
    assert result["msg"] == message
    assert emulator.requests_log() == []
