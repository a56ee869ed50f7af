# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A password given for an object that exists, with update_password: on_create, is neither
compared nor sent: the task says so, once, naming the objects and how to send it; against
the emulator."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.modules import axl_servers, phone_system, port_group

AXL = [dict(host="10.1.1.10", username="axluser", password="Axl-pw-1"),
       dict(host="10.1.1.11", username="axluser", password="Axl-pw-1")]
HINT = ("to send it, set update_password: always (the integration role: cupi_update_passwords: true, "
        "e.g. -e cupi_update_passwords=true)")


def runner(module, connection, check_mode=False, **options):
    """The task's runner after it ran, and its result (the warnings are the runner's)."""
    params = dict(connection, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec(),
                                       **module.Runner.validator_options()).validate(params)
    assert not validation.error_messages, validation.error_messages
    task = module.Runner(validation.validated_parameters, check_mode=check_mode, diff=True)
    return task, task.execute()


def writes(emulator):
    return [(e["method"], e["path"]) for e in emulator.requests_log() if e["method"] != "GET"]


@pytest.fixture
def hq(connection, emulator):
    runner(phone_system, connection, name="CUCM-HQ")
    task, result = runner(axl_servers, connection, phone_system="CUCM-HQ", state="replaced", servers=AXL)
    assert result["changed"] and result["passwords_not_sent"] == [] and task.warnings == []  # sent on create
    return connection


@pytest.mark.parametrize("check_mode", [False, True])
def test_axl_password_for_servers_that_exist_is_named_once(hq, emulator, check_mode):
    servers = [dict(AXL[0], password="New-pw-2"), dict(AXL[1], password="New-pw-2", port=8443)]
    emulator.clear_log()
    task, result = runner(axl_servers, hq, check_mode=check_mode, phone_system="CUCM-HQ", state="replaced",
                          servers=servers)
    assert result["passwords_not_sent"] == ["AXL server 10.1.1.10 of phone system CUCM-HQ",
                                            "AXL server 10.1.1.11 of phone system CUCM-HQ"]
    assert task.warnings == [
        "password not compared or sent for AXL server 10.1.1.10 of phone system CUCM-HQ, AXL server 10.1.1.11 "
        "of phone system CUCM-HQ: they exist, and update_password is on_create (the server never returns a "
        "password); " + HINT]
    # Only the port is a change; the password is in no request.
    assert result["msg"] == "AXL servers of CUCM-HQ: 0 added, 1 updated, 0 removed"
    assert ["CcmAXLPassword" in (r.get("body") or {}) for r in result["requests"]] == [False]
    assert "New-pw-2" not in repr(result) + repr(task.warnings)
    if not check_mode:
        assert len(writes(emulator)) == 1
    assert [emulator.axl_password(s["object_id"]) for s in result["after"]] == ["Axl-pw-1", "Axl-pw-1"]


def test_axl_password_sent_with_always_is_not_named(hq, emulator):
    task, result = runner(axl_servers, hq, phone_system="CUCM-HQ", state="replaced", servers=AXL,
                          update_password="always")
    assert result["changed"] and result["passwords_not_sent"] == [] and task.warnings == []
    assert result["msg"] == "AXL servers of CUCM-HQ: 0 added, 2 updated, 0 removed"


def test_no_password_given_nothing_said(hq):
    servers = [dict((k, v) for k, v in s.items() if k != "password") for s in AXL]
    task, result = runner(axl_servers, hq, phone_system="CUCM-HQ", state="replaced", servers=servers)
    assert not result["changed"] and result["passwords_not_sent"] == [] and task.warnings == []


def test_sip_password_for_a_port_group_that_exists(hq, emulator):
    group = dict(name="CUCM-HQ-SIP", phone_system="CUCM-HQ", integration="sip", host="10.1.1.10",
                 sip_authenticate=True, sip_authenticate_as_user="cuc", sip_authenticate_password="Sip-pw-1")
    task, result = runner(port_group, hq, **group)
    assert result["changed"] and result["passwords_not_sent"] == [] and task.warnings == []
    changed_password = {**group, "sip_authenticate_password": "New"}
    for check_mode in (True, False):
        emulator.clear_log()
        task, result = runner(port_group, hq, check_mode=check_mode, **changed_password)
        assert not result["changed"] and writes(emulator) == []
        assert result["passwords_not_sent"] == ["port group CUCM-HQ-SIP"]
        assert task.warnings == [
            "sip_authenticate_password not compared or sent for port group CUCM-HQ-SIP: it exists, and "
            "update_password is on_create (the server never returns a password); " + HINT]
    task, result = runner(port_group, hq, update_password="always", **changed_password)
    assert result["changed"] and result["passwords_not_sent"] == [] and task.warnings == []
