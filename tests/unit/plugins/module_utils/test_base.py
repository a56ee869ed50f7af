# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module base (lookups, compare, send only what changed, check mode, diff,
secrets) through the modules' runners, against the emulator."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import axl_servers, phone_system, telephony_info
from ansible_collections.cupi.telephony.tests.unit.module_run import run

AXL_SECRET = "s3cret-axl-Pa55"


def writes(emulator):
    return [(e["method"], e["path"]) for e in emulator.requests_log() if e["method"] != "GET"]


@pytest.mark.parametrize("api_format", ["xml", "json"])
def test_phone_system_rhythm(connection, emulator, api_format):
    connection["api_format"] = api_format
    # check mode: reports the creation, sends nothing
    result = run(phone_system, connection, check_mode=True, name="HQ", call_loop_guard_time_ms=3000)
    assert result["changed"] is True
    assert result["phone_system"]["call_loop_guard_time_ms"] == 3000
    assert emulator.phone_systems() == []

    emulator.clear_log()
    result = run(phone_system, connection, name="HQ", call_loop_guard_time_ms=3000)
    assert result["changed"] is True
    assert result["msg"] == "phone system HQ created"
    assert result["diff"]["before"] == {}
    assert result["phone_system"]["object_id"]
    # Not read back: the result is what was sent; what the server derives (its port count) and
    # its own defaults show on the next read, never guessed.
    assert result["phone_system"] == dict(name="HQ", call_loop_guard_time_ms=3000,
                                          object_id=result["phone_system"]["object_id"])
    assert [e["method"] for e in emulator.requests_log()] == ["GET", "POST"]
    (created,) = emulator.phone_systems()
    assert created["CallLoopGuardTimeMs"] == "3000"
    assert created["DefaultTRaPSwitch"] == "true"
    assert created["ObjectId"] == result["phone_system"]["object_id"]

    emulator.clear_log()
    result = run(phone_system, connection, name="hq", call_loop_guard_time_ms=3000)
    assert result["changed"] is False
    assert writes(emulator) == []
    assert len(emulator.requests_log()) == 1  # one lookup, nothing else

    emulator.clear_log()
    result = run(phone_system, connection, name="HQ", call_loop_guard_time_ms=3000, mwi_force_off=True,
                 call_loop_dtmf="B")
    assert result["changed"] is True
    assert result["msg"] == "phone system HQ updated (mwi_force_off, call_loop_dtmf)"
    assert result["diff"]["before"]["mwi_force_off"] is False
    assert result["diff"]["after"]["mwi_force_off"] is True
    assert writes(emulator) == [("PUT", "/vmrest/phonesystems/%s" % created["ObjectId"])]
    (updated,) = emulator.phone_systems()
    assert (updated["MwiForceOff"], updated["CallLoopDTMF"]) == ("true", "B")

    result = run(phone_system, connection, check_mode=True, name="HQ", state="absent")
    assert result["changed"] is True
    assert len(emulator.phone_systems()) == 1

    result = run(phone_system, connection, name="HQ", state="absent")
    assert (result["changed"], result["phone_system"]) == (True, {})
    assert emulator.phone_systems() == []
    result = run(phone_system, connection, name="HQ", state="absent")
    assert (result["changed"], result["msg"]) == (False, "phone system HQ is absent")


def test_out_of_range_fails_before_any_request(connection, emulator):
    emulator.clear_log()
    with pytest.raises(ModuleFailure) as caught:
        run(phone_system, connection, name="HQ", call_loop_guard_time_ms=20000, restrict_dial_end_time=1440)
    assert caught.value.msg == ("call_loop_guard_time_ms must be between 0 and 10000, got 20000; "
                                "restrict_dial_end_time must be between 0 and 1439, got 1440")
    assert emulator.requests_log() == []


def test_bad_enum_is_refused_by_the_argument_spec(connection):
    params = dict(connection, name="HQ", call_loop_dtmf="E")
    validation = ArgumentSpecValidator(phone_system.Runner.full_argument_spec()).validate(params)
    assert validation.error_messages == [
        "value of call_loop_dtmf must be one of: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, *, #, A, B, C, D, got: E"]


def test_server_refusal_is_reported_with_the_request(connection, emulator):
    emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": "Busy"})
    emulator.seed_association("Busy", "jdoe", "John Doe")
    with pytest.raises(ModuleFailure) as caught:
        run(phone_system, connection, name="Busy", state="absent")
    error = caught.value.kwargs["error"]
    assert (error["status"], error["method"]) == (400, "DELETE")
    assert error["path"].startswith("/vmrest/phonesystems/")
    assert "jdoe" in caught.value.msg
    assert len(emulator.phone_systems()) == 1


def test_axl_servers_merged_replaced_deleted(connection, emulator):
    with pytest.raises(ModuleFailure) as caught:
        run(axl_servers, connection, phone_system="Nope", servers=[{"host": "10.0.0.1"}])
    assert caught.value.msg.startswith("phone_system: phone system 'Nope' not found")

    run(phone_system, connection, name="HQ")
    servers = [dict(host="10.0.0.1", username="axl", password=AXL_SECRET),
               dict(host="10.0.0.2", username="axl", password=AXL_SECRET)]
    result = run(axl_servers, connection, phone_system="HQ", state="replaced", servers=servers)
    assert (result["changed"], result["msg"]) == (True, "AXL servers of HQ: 2 added, 0 updated, 0 removed")
    assert [(s["host"], s["precedence"], s["username"]) for s in result["axl_servers"]] == [
        ("10.0.0.1", 1, "axl"), ("10.0.0.2", 2, "axl")]
    assert AXL_SECRET not in json.dumps(result)
    assert emulator.axl_password(result["axl_servers"][0]["object_id"]) == AXL_SECRET

    result = run(axl_servers, connection, phone_system="HQ", state="replaced", servers=servers)
    assert result["changed"] is False

    emulator.clear_log()
    result = run(axl_servers, connection, phone_system="HQ", update_password="always",
                 servers=[dict(host="10.0.0.2", password="new-" + AXL_SECRET)])
    assert result["changed"] is True
    assert AXL_SECRET not in json.dumps(result)
    assert [method for method, path in writes(emulator)] == ["PUT"]
    assert emulator.axl_password(result["axl_servers"][1]["object_id"]) == "new-" + AXL_SECRET

    result = run(axl_servers, connection, check_mode=True, phone_system="HQ", state="replaced",
                 servers=[dict(host="10.0.0.3", port=8443)])
    assert result["changed"] is True
    assert [s["host"] for s in result["after"]] == ["10.0.0.3"]
    assert [s["host"] for s in run(telephony_info, connection, gather_subset=["axl_servers"])["axl_servers"]] == [
        "10.0.0.1", "10.0.0.2"]

    result = run(axl_servers, connection, phone_system="HQ", state="deleted", servers=[dict(host="10.0.0.1")])
    assert [s["host"] for s in result["after"]] == ["10.0.0.2"]
    result = run(axl_servers, connection, phone_system="HQ", state="deleted")
    assert (result["changed"], result["after"]) == (True, [])
    result = run(axl_servers, connection, phone_system="HQ", state="deleted")
    assert result["changed"] is False


def test_axl_servers_input_errors_before_any_request(connection, emulator):
    emulator.clear_log()
    with pytest.raises(ModuleFailure) as caught:
        run(axl_servers, connection, phone_system="HQ",
            servers=[dict(host="a", port=70000), dict(host="A", precedence=-1)])
    assert caught.value.msg == ("servers[1]: A is listed twice; servers[0].port must be between 0 and 9999, "
                                "got 70000; servers[1].precedence must be between 0 and 9999, got -1")
    assert emulator.requests_log() == []


def test_check_mode_under_a_phone_system_still_to_be_created(connection, emulator):
    result = run(axl_servers, connection, check_mode=True, phone_system="Later", servers=[dict(host="h")])
    assert result["changed"] is True
    assert [s["host"] for s in result["after"]] == ["h"]


def test_telephony_info_subsets_and_filter(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(phone_system, connection, name="Branch")
    run(axl_servers, connection, phone_system="HQ", servers=[dict(host="10.0.0.1", username="axl")])
    emulator.seed_association("HQ", "operator", "Operator")
    result = run(telephony_info, connection)
    assert sorted(p["name"] for p in result["phone_systems"]) == ["Branch", "HQ"]
    assert [(a["phone_system"], a["host"]) for a in result["axl_servers"]] == [("HQ", "10.0.0.1")]
    assert [(a["phone_system"], a["alias"]) for a in result["phone_system_associations"]] == [("HQ", "operator")]
    assert [v["name"] for v in result["vms_servers"]] == ["cuc-pub"]
    assert result["vms_servers"][0]["object_id"]

    result = run(telephony_info, connection, gather_subset=["phone_systems"], phone_systems=["branch"])
    assert set(result) == {"changed", "msg", "phone_systems", "requests"}
    assert result["requests"] == []  # it only reads
    assert [p["name"] for p in result["phone_systems"]] == ["Branch"]
