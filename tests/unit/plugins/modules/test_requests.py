# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``requests``: every module returns the requests it sent, or in check mode those it would
send (method, path, body with secrets masked, why), the same in both but for new ids, and
on a failure those it sent before it."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import (
    axl_servers,
    phone_system,
    port_group,
    port_group_codecs,
    port_group_reset,
    ports,
)

from .test_ports import run


def writes(emulator):
    """(method, path, body fields) of every write the emulator received."""
    return [(e["method"], e["path"], (e.get("body") or {}).get("fields"))
            for e in emulator.requests_log() if e["method"] != "GET"]


def sent(result):
    return [(r["method"], r["path"], r.get("body")) for r in result["requests"]]


def test_check_mode_shows_the_requests_a_real_run_then_sends(connection, emulator):
    emulator.clear_log()
    dry = run(phone_system, connection, check_mode=True, name="HQ", call_loop_guard_time_ms=3000)
    assert writes(emulator) == []
    assert dry["requests"] == [{"method": "POST", "path": "/vmrest/phonesystems",
                                "body": {"DisplayName": "HQ", "CallLoopGuardTimeMs": "3000"},
                                "why": "phone system HQ does not exist"}]
    real = run(phone_system, connection, name="HQ", call_loop_guard_time_ms=3000)
    assert real["requests"] == dry["requests"]
    assert sent(real) == writes(emulator)

    emulator.clear_log()
    update = run(phone_system, connection, name="HQ", call_loop_guard_time_ms=4000, mwi_force_off=True)
    system_id = real["phone_system"]["object_id"]
    assert update["requests"] == [{"method": "PUT", "path": "/vmrest/phonesystems/%s" % system_id,
                                   "body": {"MwiForceOff": "true", "CallLoopGuardTimeMs": "4000"},
                                   "why": "changed: mwi_force_off, call_loop_guard_time_ms"}]
    assert sent(update) == writes(emulator)
    assert run(phone_system, connection, name="HQ", call_loop_guard_time_ms=4000)["requests"] == []

    gone = run(phone_system, connection, name="HQ", state="absent")
    assert gone["requests"] == [{"method": "DELETE", "path": "/vmrest/phonesystems/%s" % system_id,
                                 "why": "state is absent"}]


def test_secrets_are_masked_in_the_requests(connection, emulator):
    secret = "Requests-axl-secret-1"
    run(phone_system, connection, name="HQ")
    for check_mode in (True, False):
        result = run(axl_servers, connection, check_mode=check_mode, phone_system="HQ",
                     servers=[dict(host="10.1.1.10", username="axl", password=secret)])
        assert secret not in json.dumps(result)
        (post,) = result["requests"]
        assert post["method"] == "POST" and post["body"]["CcmAXLPassword"] == "(secret)"
        assert post["body"]["CcmAXLUser"] == "axl"
    (posted,) = [e for e in emulator.requests_log() if e["method"] == "POST" and "axlservers" in e["path"]]
    assert posted["body"]["fields"]["CcmAXLPassword"] != "(secret)"  # the server got the password


def test_codecs_replaced_in_place_show_every_step_of_the_plan(connection, emulator):
    """Codecs have no update: a changed one is deleted and added again, with a spare codec
    standing in while the group would have none."""
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group_codecs, connection, port_group="HQ-SIP", state="replaced", codecs=[dict(name="G.711 mu-law")])
    wanted = [dict(name="G.711 mu-law", packet_size=30)]
    dry = run(port_group_codecs, connection, check_mode=True, port_group="HQ-SIP", state="replaced", codecs=wanted)
    assert [(r["method"], r["why"]) for r in dry["requests"]] == [
        ("POST", "stands in meanwhile"),
        ("DELETE", "no update on the server: deleted and added again"),
        ("POST", "added again, changed or in its place"),
        ("DELETE", "stood in meanwhile"),
    ]
    assert dry["requests"][3]["path"].endswith("/portgroupcodecs/(new)")
    emulator.clear_log()
    real = run(port_group_codecs, connection, port_group="HQ-SIP", state="replaced", codecs=wanted)
    assert [(r["method"], r["why"]) for r in real["requests"]] == [(r["method"], r["why"]) for r in dry["requests"]]
    assert sent(real) == writes(emulator)
    assert "(new)" not in json.dumps(real["requests"])
    assert [(c["name"], c["packet_size"]) for c in real["port_group_codecs"]] == [("G.711 mu-law", 30)]
    group_id = real["requests"][0]["path"].split("/")[3]
    on_server = emulator.api("GET", "/vmrest/portgroups/%s/portgroupcodecs" % group_id).json()["PortGroupCodec"]
    on_server = on_server if isinstance(on_server, list) else [on_server]
    assert [c["object_id"] for c in real["port_group_codecs"]] == [c["ObjectId"] for c in on_server]


def test_ports_and_reset_show_their_requests(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    dry = run(ports, connection, check_mode=True, port_group="HQ-SIP", count=4,
              overrides=[dict(ports="4", enabled=False)])
    assert [(r["method"], r["path"]) for r in dry["requests"]] == [
        ("POST", "/vmrest/ports"), ("PUT", "/vmrest/ports/(new)")]
    assert dry["requests"][0]["body"]["NumberOfPorts"] == "4"
    assert dry["requests"][1] == {"method": "PUT", "path": "/vmrest/ports/(new)", "body": {"CapEnabled": "false"},
                                  "why": "port 4: changed enabled"}
    emulator.clear_log()
    real = run(ports, connection, port_group="HQ-SIP", count=4, overrides=[dict(ports="4", enabled=False)])
    assert sent(real) == writes(emulator)
    assert real["requests"][1]["path"] == "/vmrest/ports/%s" % real["ports"][3]["object_id"]

    run(port_group, connection, name="HQ-SIP", sip_transport_protocol="tcp")  # needs a reset now
    dry = run(port_group_reset, connection, check_mode=True, port_groups=["HQ-SIP"])
    group_id = run(port_group, connection, name="HQ-SIP")["port_group"]["object_id"]
    assert dry["requests"] == [{"method": "PUT", "path": "/vmrest/portgroups/%s/reset" % group_id,
                                "why": "reset_status is required"}]


def test_a_failure_shows_what_was_sent_up_to_the_failed_request(connection, emulator):
    run(phone_system, connection, name="HQ")
    emulator.admin.post(emulator.url + "/__emulator__/faults", json=dict(
        kind="status_503", method="POST", path="/vmrest/phonesystems/.*/axlservers", skip=1, count=20),
    ).raise_for_status()
    with pytest.raises(ModuleFailure) as caught:
        run(axl_servers, connection, phone_system="HQ", servers=[dict(host="10.1.1.10"), dict(host="10.1.1.11")])
    shown = caught.value.kwargs["requests"]
    # The first POST went through; the second is the one that failed, and is shown too.
    expected = [("POST", "10.1.1.10"), ("POST", "10.1.1.11")]
    assert [(r["method"], r["body"]["HostOrIPAddress"]) for r in shown] == expected
    assert caught.value.kwargs["error"]["status"] == 503
