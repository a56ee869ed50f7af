# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module runs through the one action plugin, cupi.telephony.cupi, by the routing in
meta/runtime.yml: run with ``ansible`` as a user would, against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.modules import phone_system

COLLECTION_DIR = os.path.abspath(os.path.join(os.path.dirname(phone_system.__file__), "..", ".."))
COLLECTIONS_ROOT = os.path.abspath(os.path.join(COLLECTION_DIR, "..", "..", ".."))


def ansible(module, args, home):
    """(returncode, the task's result) of ``ansible localhost -m <module> -a <args as JSON>``
    (its one line of output: ``localhost | CHANGED => {...}``)."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "CUPI_")))
    env.update(HOME=str(home), ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-m", module,
               "-a", json.dumps(args)]
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    return process.returncode, json.loads(process.stdout.split(" => ", 1)[1])


def test_every_module_is_routed_to_the_one_action_plugin():
    with open(os.path.join(COLLECTION_DIR, "meta", "runtime.yml")) as handle:
        routing = yaml.safe_load(handle)["plugin_routing"]["action"]
    modules = sorted(f[:-3] for f in os.listdir(os.path.join(COLLECTION_DIR, "plugins", "modules"))
                     if f.endswith(".py") and not f.startswith("_"))
    assert sorted(routing) == modules
    assert set(r["redirect"] for r in routing.values()) == {"cupi.telephony.cupi"}
    assert sorted(os.listdir(os.path.join(COLLECTION_DIR, "plugins", "action"))) in (
        ["cupi.py"], ["__pycache__", "cupi.py"])


def test_a_routed_module_runs_its_own_runner(connection, emulator, tmp_path):
    """The task names phone_system: the plugin runs phone_system's Runner (a phone system is
    created), then telephony_info's (it is listed)."""
    code, result = ansible("cupi.telephony.phone_system", dict(connection, name="Routed"), tmp_path)
    assert (code, result["changed"], result["msg"]) == (0, True, "phone system Routed created"), result
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["Routed"]
    code, result = ansible("cupi.telephony.telephony_info", dict(connection, gather_subset=["phone_systems"]),
                           tmp_path)
    assert code == 0, result
    assert [p["name"] for p in result["phone_systems"]] == ["Routed"]


@pytest.mark.parametrize("module", ["cupi.telephony.cupi"])
def test_the_action_plugin_named_directly_runs_no_module(module, tmp_path):
    code, result = ansible(module, {"name": "x"}, tmp_path)
    assert code != 0
    assert result["msg"] == "cupi.telephony has no module cupi: this action plugin runs the collection's modules only"
