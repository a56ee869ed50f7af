# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults injected into the emulator: lost answers, busy servers, expired sessions, slow
answers. A run converges or stops with a clear message, and nothing is created twice."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import (
    axl_servers,
    phone_system,
    port_group,
    ports,
)


def run(module, connection, **options):
    params = dict(connection)
    params.update(options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return module.Runner(validation.validated_parameters).execute()


def fault(emulator, **spec):
    emulator.admin.post(emulator.url + "/__emulator__/faults", json=spec).raise_for_status()


def listed(emulator, path, key):
    items = emulator.api("GET", path).json().get(key, [])
    return items if isinstance(items, list) else [items]


@pytest.mark.parametrize("kind", ["drop_after", "status_503"])
def test_lost_or_refused_post_creates_exactly_once(connection, emulator, kind):
    fault(emulator, kind=kind, method="POST", path="/vmrest/phonesystems", count=1)
    result = run(phone_system, connection, name="HQ")
    assert result["changed"] is True
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["HQ"]
    posts = [e for e in emulator.requests_log() if e["method"] == "POST"]
    # committed but unanswered: found by name, never sent again; refused as busy: sent again
    assert len(posts) == (1 if kind == "drop_after" else 2)
    assert result["phone_system"]["object_id"] == emulator.phone_systems()[0]["ObjectId"]


def test_a_post_whose_answer_never_came_is_not_sent_again(connection, emulator):
    """The connection closes without an answer and the object never shows up: the server may
    still commit it, so the POST is not sent again; the task fails saying so, and a re-run
    creates it once."""
    fault(emulator, kind="drop_before", method="POST", path="/vmrest/phonesystems", count=1)
    with pytest.raises(ModuleFailure) as caught:
        run(phone_system, connection, name="HQ")
    assert caught.value.msg.startswith("phone system HQ: POST /vmrest/phonesystems: cannot connect to ")
    assert ("after 3 looks over 3.5 s what it creates is not on the server. The request was not sent "
            "again: the server may still commit it") in caught.value.msg
    assert "Run the task again" in caught.value.msg
    assert caught.value.kwargs["requests"][-1]["method"] == "POST"
    log = emulator.requests_log()
    assert [e["method"] for e in log].count("POST") == 1
    assert [e["path"] for e in log if e["method"] == "GET"].count("/vmrest/phonesystems") == 4  # 1 + 3 looks
    assert emulator.phone_systems() == []
    assert run(phone_system, connection, name="HQ")["changed"] is True
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["HQ"]


def test_lost_answer_for_a_child_and_for_ports(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    fault(emulator, kind="drop_after", method="POST", path="/vmrest/phonesystems/.*/axlservers", count=1)
    run(axl_servers, connection, phone_system="HQ", servers=[dict(host="10.0.0.1"), dict(host="10.0.0.2")])
    system_id = emulator.phone_systems()[0]["ObjectId"]
    rows = listed(emulator, "/vmrest/phonesystems/%s/axlservers" % system_id, "AXLServer")
    hosts = sorted(a["HostOrIPAddress"] for a in rows)
    assert hosts == ["10.0.0.1", "10.0.0.2"]

    fault(emulator, kind="drop_after", method="POST", path="/vmrest/ports", count=1)
    result = run(ports, connection, port_group="HQ-SIP", count=6)
    assert result["changed"] is True
    assert len(listed(emulator, "/vmrest/ports", "Port")) == 6
    assert run(ports, connection, port_group="HQ-SIP", count=6)["changed"] is False


def test_busy_server_and_dropped_reads_are_ridden_out(connection, emulator):
    run(phone_system, connection, name="HQ")
    fault(emulator, kind="status_503", method="GET", path="/vmrest/phonesystems", count=2)
    fault(emulator, kind="drop_before", method="PUT", path="/vmrest/phonesystems/", count=1)
    result = run(phone_system, connection, name="HQ", mwi_force_off=True)
    assert result["changed"] is True
    assert emulator.phone_systems()[0]["MwiForceOff"] == "true"


def test_expired_session_mid_run(connection, emulator):
    run(phone_system, connection, name="HQ")
    fault(emulator, kind="expire_sessions", method="GET", path="/vmrest/phonesystems", count=1)
    result = run(phone_system, connection, name="HQ", call_loop_guard_time_ms=4000)
    assert result["changed"] is True
    auth = [(e["status"], e["auth"]) for e in emulator.requests_log()]
    expired = auth.index(next(entry for entry in auth if entry[0] == 401))
    assert auth[expired + 1] == (200, "basic")  # authenticated again, once, then on
    assert emulator.phone_systems()[0]["CallLoopGuardTimeMs"] == "4000"


def test_an_answer_slower_than_timeout_names_host_and_seconds(connection, emulator):
    fault(emulator, kind="delay", method="GET", path="/vmrest/phonesystems", count=1, ms=2500)
    with pytest.raises(ModuleFailure) as caught:
        run(phone_system, connection, name="HQ", timeout=1)
    assert caught.value.msg == ("no answer from 127.0.0.1:%d within 1 seconds (timeout) "
                                "(GET /vmrest/phonesystems)" % emulator.port)


def test_a_request_the_client_gave_up_on_stays_out_of_the_next_tests_log(connection, emulator):
    fault(emulator, kind="delay", method="GET", path="/vmrest/phonesystems", count=1, ms=1400)
    with pytest.raises(ModuleFailure):
        run(phone_system, connection, name="HQ", timeout=1)
    emulator.reset()  # what the next test's `emulator` fixture does: it waits for the GET
    assert emulator.health()["in_flight"] == 0
    assert emulator.requests_log() == []
