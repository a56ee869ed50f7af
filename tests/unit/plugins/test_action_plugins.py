# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's action plugin is the collection's one action class, which runs the module
the task names: run with ``ansible`` as a user would, against the emulator."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.modules import phone_system
from ansible_collections.cupi.telephony.plugins.plugin_utils.action import CupiActionBase

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


def modules():
    return sorted(f[:-3] for f in os.listdir(os.path.join(COLLECTION_DIR, "plugins", "modules"))
                  if f.endswith(".py") and not f.startswith("_"))


@pytest.mark.parametrize("name", modules())
def test_every_module_has_the_one_action_class(name):
    plugin = importlib.import_module("ansible_collections.cupi.telephony.plugins.action.%s" % name)
    assert plugin.ActionModule is CupiActionBase
    assert plugin.ActionModule.module_name is None  # taken from the task
    with open(os.path.join(COLLECTION_DIR, "meta", "runtime.yml")) as handle:
        assert "plugin_routing" not in yaml.safe_load(handle)


def test_each_task_runs_the_module_it_names(connection, emulator, tmp_path):
    """The task names phone_system: the plugin runs phone_system's Runner (a phone system is
    created), then telephony_info's (it is listed)."""
    code, result = ansible("cupi.telephony.phone_system", dict(connection, name="Named"), tmp_path)
    assert (code, result["changed"], result["msg"]) == (0, True, "phone system Named created"), result
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["Named"]
    code, result = ansible("cupi.telephony.telephony_info", dict(connection, gather_subset=["phone_systems"]),
                           tmp_path)
    assert code == 0, result
    assert [p["name"] for p in result["phone_systems"]] == ["Named"]


def test_the_action_plugin_imports_every_module_and_filter_once():
    """ansible-playbook imports the action plugin in its own process before it forks a task's
    worker: the plugin's file imports every module's Runner and the role's filters there, so
    the workers inherit them rather than each compiling them again (make bench-smoke checks
    that no worker after the first module task imports one of the collection's files)."""
    code = ("import sys, ansible.plugins.loader as loader; loader.init_plugin_loader(); "
            "import ansible_collections.cupi.telephony.plugins.action.ports; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('ansible_collections.cupi.telephony.plugins.'))))")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT)
    loaded = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                            timeout=120).stdout.split()
    filters = sorted(f[:-3] for f in os.listdir(os.path.join(COLLECTION_DIR, "plugins", "filter")) if f.endswith(".py"))
    assert filters == ["drift", "integration", "offline"]
    for name in modules():
        assert "ansible_collections.cupi.telephony.plugins.modules." + name in loaded
    for name in filters:
        assert "ansible_collections.cupi.telephony.plugins.filter." + name in loaded
