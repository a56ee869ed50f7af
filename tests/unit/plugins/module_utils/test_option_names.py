# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No ambiguous option: ``module_defaults`` for the action group hands every connection
option to every module, so no connection option or alias may share a name with a module's
own option or alias (``host`` was once both ``hostname``'s alias and a port group's server)."""

from __future__ import annotations

import importlib
import os

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.connection import connection_argspec

# build/: the module files are found through the collection tree pytest imports from.
COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(importlib.import_module(
    "ansible_collections.cupi.telephony.plugins.modules.phone_system").__file__), *[".."] * 5))
MODULES_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")
MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and name != "__init__.py")


def names(spec):
    """Every name an argument spec answers to: options and their aliases."""
    found = set()
    for option, entry in spec.items():
        found.add(option)
        found.update(entry.get("aliases") or [])
    return found


def runner(name):
    return importlib.import_module("ansible_collections.cupi.telephony.plugins.modules.%s" % name).Runner


def test_every_module_is_walked():
    """MODULES is every module the action group lists (meta/runtime.yml), and each is the one
    the build imports: a wrong folder, or a filter that drops a module, fails here."""
    import yaml

    with open(os.path.join(MODULES_DIR, "..", "..", "meta", "runtime.yml"), encoding="utf-8") as handle:
        grouped = yaml.safe_load(handle)["action_groups"]["cupi"]
    assert MODULES and MODULES == sorted(grouped)
    for name in MODULES:
        module = importlib.import_module("ansible_collections.cupi.telephony.plugins.modules.%s" % name)
        assert os.path.samefile(module.__file__, os.path.join(MODULES_DIR, name + ".py"))


@pytest.mark.parametrize("module", MODULES)
def test_no_connection_name_is_also_a_module_option(module):
    own = names(runner(module).argument_spec)
    shared = names(connection_argspec()) & own
    assert not shared, "%s: %s is both a connection option and an option of the module" % (
        module, ", ".join(sorted(shared)))


def test_host_is_not_an_alias_of_hostname():
    """``host`` given to a module without an option of that name is refused, never taken as
    the Unity Connection server."""
    assert "host" not in names(connection_argspec())
    params = dict(hostname="cuc.example.com", username="u", password="p", host="10.1.1.10", name="X")
    validation = ArgumentSpecValidator(runner("phone_system").full_argument_spec()).validate(dict(params))
    assert [str(e) for e in validation.errors][0].startswith("host. Supported parameters include: api_format")


@pytest.mark.parametrize("templated", [False, True], ids=["dict", "one-template"])
def test_host_in_the_group_defaults_never_becomes_a_port_groups_server(emulator, tmp_path, templated):
    """module_defaults {host: ...} for the action group, with CUPI_HOSTNAME set (as an AWX
    credential sets it): port_group refuses before any request instead of taking host as its
    first server. The same when the group's defaults are one template (as the integration
    role gives them)."""
    import subprocess
    import sys

    import yaml

    play = tmp_path / "play.yml"
    play.write_text(yaml.safe_dump([{
        "hosts": "localhost", "connection": "local", "gather_facts": False,
        "vars": {"connection": {"host": "cuc.example.com"}},
        "module_defaults": {"group/cupi.telephony.cupi": "{{ connection }}" if templated else {"host": "cuc.example.com"}},
        "tasks": [{"cupi.telephony.port_group": {"name": "NEW-SIP", "phone_system": "HQ", "integration": "sip"}}],
    }]))
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_NOCOLOR="1", HOME=str(tmp_path),
               ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    emulator.clear_log()
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), str(play)],
                             env=env, capture_output=True, text=True, timeout=120, check=False)
    output = process.stdout + process.stderr
    assert process.returncode != 0
    assert ("host is set in module_defaults for group/cupi.telephony.cupi, where only connection options belong "
            "(hostname, port, username") in output
    assert "as an option of cupi.telephony.port_group it belongs in the task" in output
    assert emulator.requests_log() == []


def test_the_role_hands_over_every_connection_option():
    """The integration role's module_defaults (cupi__connection) take the cupi_* variables its
    plan names: the modules' connection options, but session_cache (the role has no variable
    for it: the session cache stays on, its default)."""
    import re

    with open(os.path.join(COLLECTIONS, "ansible_collections", "cupi", "telephony", "roles", "integration",
                           "tasks", "validate.yml")) as handle:
        names = re.search(r"'\^cupi_\(([a-z_|]+)\)\$'", handle.read()).group(1).split("|")
    assert sorted(names) == sorted(set(connection_argspec()) - {"session_cache"})
