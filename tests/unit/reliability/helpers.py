# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by the reliability tests: modules driven the way Ansible drives them, and
ansible-playbook runs against the emulator."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure, argument_errors
from ansible_collections.cupi.telephony.plugins.modules import phone_system

REPO = os.path.abspath(os.path.join(os.path.dirname(phone_system.__file__), "..", ".."))
COLLECTIONS = os.path.abspath(os.path.join(REPO, "..", "..", ".."))
EXAMPLE = os.path.join(REPO, "examples", "integration.yml")
WRITES = ("POST", "PUT", "DELETE")


def module(name):
    return importlib.import_module("ansible_collections.cupi.telephony.plugins.modules.%s" % name)


def drive(target, connection, /, check_mode=False, diff=False, **options):
    """(failed, msg, result) as the action plugin would give them: the argument spec first
    (its errors joined with '; '), then the Runner. Anything else raised is a traceback
    and propagates, failing the test."""
    runner_cls = module(target).Runner
    params = dict(connection)
    params.update(options)
    validation = ArgumentSpecValidator(runner_cls.full_argument_spec(), **runner_cls.validator_options()).validate(
        params)
    if validation.error_messages:
        return True, argument_errors(validation, target), {}
    runner = runner_cls(validation.validated_parameters, check_mode=check_mode, diff=diff)
    try:
        result = runner.execute()
    except ModuleFailure as exc:
        return True, exc.msg, dict(exc.kwargs, warnings=runner.warnings)
    result["warnings"] = runner.warnings
    return False, result.get("msg", ""), result


def ok(target, connection, /, **options):
    failed, msg, result = drive(target, connection, **options)
    assert not failed, msg
    return result


def make_objects(connection):
    """Phone systems HQ and HQ2; SIP port group HQ-SIP and SCCP port group HQ-SCCP on HQ."""
    ok("phone_system", connection, name="HQ")
    ok("phone_system", connection, name="HQ2")
    ok("port_group", connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    ok("port_group", connection, name="HQ-SCCP", phone_system="HQ", integration="sccp", host="10.1.1.10",
       device_prefix="CiscoUM1-VI")


def writes(log):
    return ["%s %s" % (e["method"], e["path"]) for e in log if e["method"] in WRITES]


def playbook_env(emulator, home, **extra):
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_NOCOLOR="1", HOME=str(home),
               ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_LOCAL_TEMP=os.path.join(str(home), ".ansible", "tmp"))
    env.update(extra)
    return env


def ansible_playbook(env, *args, timeout=300):
    """(returncode, stdout + stderr) of ansible-playbook."""
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook")] + list(args)
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False,
                             cwd=REPO)
    return process.returncode, process.stdout + process.stderr


def dump_play(tasks, dump_path, name="play"):
    """A play running ``tasks`` (each registered, errors ignored) that then writes every
    registered result, as JSON, to ``dump_path``: what a user's ``register:`` holds."""
    registered = []
    for index, task in enumerate(tasks):
        task = dict(task)
        task["register"] = "cupi_result_%d" % index
        task["ignore_errors"] = True
        registered.append(task)
    dump = "{{ %s | to_json }}" % ("{%s}" % ", ".join(
        "%r: cupi_result_%d" % (task["name"], index) for index, task in enumerate(tasks)))
    registered.append({"name": "dump the registered results", "ansible.builtin.copy": {
        "content": dump, "dest": str(dump_path), "mode": "0600"}})
    return [{"name": name, "hosts": "localhost", "connection": "local", "gather_facts": False,
             "tasks": registered}]
