# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Port groups, their servers, codecs and reset, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import (
    phone_system,
    port_group,
    port_group_codecs,
    port_group_reset,
    port_group_servers,
    sip_certificate,
    sip_security_profile,
)
from ansible_collections.cupi.telephony.tests.unit.module_run import run


def server_port_group(emulator, name):
    body = emulator.api("GET", "/vmrest/portgroups", params={"query": "(DisplayName is %s)" % name}).json()
    return body.get("PortGroup")


def children(emulator, group_id, what):
    body = emulator.api("GET", "/vmrest/portgroups/%s/%s" % (group_id, what)).json()
    key = {"portgroupservers": "PortGroupServer", "portgroupcodecs": "PortGroupCodec"}[what]
    items = body.get(key, [])
    return items if isinstance(items, list) else [items]


def writes(emulator):
    return [e["method"] for e in emulator.requests_log() if e["method"] != "GET"]


@pytest.fixture
def hq(connection, emulator):
    run(phone_system, connection, name="HQ")
    return connection


@pytest.mark.parametrize("integration, extra", [
    ("sccp", dict(device_prefix="HQ-VI")),
    ("sip", dict(sip_transport_protocol="tcp")),
    ("pimg", dict()),
])
def test_port_group_by_names_only(hq, emulator, integration, extra):
    name = "HQ-%s" % integration.upper()
    options = dict(name=name, phone_system="hq", integration=integration, host="10.1.1.10",
                   enable_mwi=True, outgoing_guard_time_ms=3000, **extra)
    assert run(port_group, hq, check_mode=True, **options)["changed"] is True
    assert server_port_group(emulator, name) is None

    result = run(port_group, hq, **options)
    group = server_port_group(emulator, name)
    assert result["changed"] is True
    assert result["port_group"]["object_id"] == group["ObjectId"]
    assert (result["port_group"]["phone_system"], result["port_group"]["integration"]) == ("HQ", integration)
    assert (group["EnableMWI"], group["OutgoingGuardTimeMs"]) == ("true", "3000")
    assert group["MediaPortGroupTemplateObjectId"] == {
        "sccp": "90dd306f-b8af-46b6-8289-f13437cc1e5e", "sip": "04e0e286-56ed-4f27-a325-756a49dd98e1",
        "pimg": "8fc4952c-aa4f-4b96-a4b3-dbe26e49d899"}[integration]
    if integration == "sccp":
        assert group["SkinnyDevicePrefix"] == "HQ-VI"

    emulator.clear_log()
    assert run(port_group, hq, **options)["changed"] is False
    assert writes(emulator) == []

    with pytest.raises(ModuleFailure) as caught:
        run(port_group, hq, name=name, integration="sip" if integration != "sip" else "sccp")
    assert "cannot be changed" in caught.value.msg and "integration of port group %s" % name in caught.value.msg
    assert writes(emulator) == []


def test_port_group_errors_before_any_write(hq, emulator):
    emulator.clear_log()
    with pytest.raises(ModuleFailure) as caught:
        run(port_group, hq, name="New", phone_system="HQ", integration="sip")
    assert caught.value.msg == "port group New does not exist; to create it, set host"
    with pytest.raises(ModuleFailure) as caught:
        run(port_group, hq, name="New", phone_system="Nope", integration="sip", host="h")
    assert caught.value.msg.startswith("phone_system: phone system 'Nope' not found")
    with pytest.raises(ModuleFailure) as caught:
        run(port_group, hq, name="New", mwi_max_concurrent_requests=251, dtmf_dial_inter_digit_delay_ms=501)
    assert caught.value.msg == ("mwi_max_concurrent_requests must be between 0 and 250, got 251; "
                                "dtmf_dial_inter_digit_delay_ms must be between 0 and 500, got 501")
    assert writes(emulator) == []


def test_servers_order_and_reset_required(hq, emulator):
    run(port_group, hq, name="HQ-SCCP", phone_system="HQ", integration="sccp", host="10.1.1.10",
        device_prefix="HQ-VI")
    servers = [dict(type="cucm", host="10.1.1.10"), dict(type="cucm", host="10.1.1.11"),
               dict(type="tftp", host="10.1.1.10")]
    result = run(port_group_servers, hq, port_group="HQ-SCCP", state="replaced", servers=servers)
    assert result["changed"] is True
    group = server_port_group(emulator, "HQ-SCCP")
    rows = children(emulator, group["ObjectId"], "portgroupservers")
    cucm = sorted((int(r["Precedence"]), r["HostOrIPAddress"]) for r in rows if r["MediaRemoteServiceEnum"] == "100")
    assert [entry[1] for entry in cucm] == ["10.1.1.10", "10.1.1.11"]
    assert [r["HostOrIPAddress"] for r in rows if r["MediaRemoteServiceEnum"] == "101"] == ["10.1.1.10"]
    assert group["ResetStatusEnum"] == "100"
    assert run(port_group_servers, hq, port_group="HQ-SCCP", state="replaced", servers=servers)["changed"] is False

    # the other order: the second server now comes first
    result = run(port_group_servers, hq, port_group="HQ-SCCP", state="replaced",
                 servers=[servers[1], servers[0], servers[2]])
    cucm = [s["host"] for s in sorted(result["after"], key=lambda s: s["precedence"]) if s["type"] == "cucm"]
    assert cucm == ["10.1.1.11", "10.1.1.10"]


def test_codecs_change_without_ever_having_none(hq, emulator):
    run(port_group, hq, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    group_id = server_port_group(emulator, "HQ-SIP")["ObjectId"]
    result = run(port_group_codecs, hq, port_group="HQ-SIP", state="replaced",
                 codecs=[dict(name="G.711 mu-law", packet_size=20), dict(name="G.729", packet_size=30)])
    # The list order is the order of preference; a codec added gets the server's Preference (not guessed).
    assert [(c["name"], c["packet_size"]) for c in result["after"]] == [("G.711 mu-law", 20), ("G.729", 30)]
    on_server = sorted(children(emulator, group_id, "portgroupcodecs"), key=lambda c: int(c["Preference"]))
    assert [int(c["PreferredPacketSizeMs"]) for c in on_server] == [20, 30]
    assert run(port_group_codecs, hq, port_group="HQ-SIP", state="replaced",
               codecs=[dict(name="G.711 mu-law", packet_size=20), dict(name="G.729", packet_size=30)])["changed"] is False

    run(port_group_codecs, hq, port_group="HQ-SIP", state="replaced", codecs=[dict(name="G.722", packet_size=10)])
    emulator.clear_log()
    result = run(port_group_codecs, hq, port_group="HQ-SIP", state="replaced", codecs=[dict(name="G.722", packet_size=20)])
    # the only codec changes: a spare codec bridges the delete and the new add
    assert writes(emulator) == ["POST", "DELETE", "POST", "DELETE"]
    rows = children(emulator, group_id, "portgroupcodecs")
    assert [(r["RtpCodecDefObjectId"], r["PreferredPacketSizeMs"]) for r in rows] == [
        ("7823a48c-105d-b232-07b4-635a20810345", "20")]
    assert [c["name"] for c in result["after"]] == ["G.722"]

    with pytest.raises(ModuleFailure) as caught:
        run(port_group_codecs, hq, port_group="HQ-SIP", codecs=[dict(name="G.728")])
    assert caught.value.msg.startswith("codecs[0].name: codec 'G.728' not found")
    assert "G.711 a-law, G.711 mu-law, G.722, G.729, iLBC" in caught.value.msg


def test_tls_switch_needs_a_reset_and_the_reset_waits(hq, emulator):
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 0.3}).raise_for_status()
    run(port_group, hq, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(sip_security_profile, hq, sip_port=5061, tls=True)
    run(sip_certificate, hq, name="cuc-sip", subject_name="cuc-sip.example.com")
    result = run(port_group, hq, name="HQ-SIP", sip_security_profile=5061, sip_certificate="cuc-sip",
                 sip_tls_mode="authenticated")
    assert result["msg"] == "port group HQ-SIP updated (sip_security_profile, sip_certificate, sip_tls_mode)"
    assert server_port_group(emulator, "HQ-SIP")["ResetStatusEnum"] == "100"

    result = run(port_group_reset, hq, check_mode=True, port_groups=["HQ-SIP"])
    assert (result["changed"], result["reset"]) == (True, ["HQ-SIP"])
    assert server_port_group(emulator, "HQ-SIP")["ResetStatusEnum"] == "100"

    result = run(port_group_reset, hq, port_groups=["HQ-SIP"])
    assert (result["changed"], result["msg"]) == (True, "reset 1 port group: HQ-SIP")
    assert result["port_groups"][0]["reset_status"] == "not_required"
    assert server_port_group(emulator, "HQ-SIP")["ResetStatusEnum"] == "0"
    assert run(port_group_reset, hq, phone_system="HQ")["changed"] is False

    with pytest.raises(ModuleFailure) as caught:
        run(sip_certificate, hq, name="cuc-sip", state="absent")
    assert "used by port group(s) HQ-SIP" in caught.value.msg
    with pytest.raises(ModuleFailure) as caught:
        run(port_group_reset, hq, port_groups=["HQ-SIP", "Gone"])
    assert caught.value.msg == "port_groups: not found on 127.0.0.1: Gone"


def test_reset_gives_up_after_wait_timeout(hq, emulator):
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 30}).raise_for_status()
    run(port_group, hq, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group_servers, hq, port_group="HQ-SIP", servers=[dict(type="sip_proxy", host="10.1.1.11")])
    with pytest.raises(ModuleFailure) as caught:
        run(port_group_reset, hq, port_groups=["HQ-SIP"], wait_timeout=1)
    assert caught.value.msg == "port groups still not reset after 1 seconds: HQ-SIP (in_progress)"
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 2}).raise_for_status()


@pytest.mark.parametrize("setting", [dict(sip_transport_protocol="tcp"), dict(sip_tls_mode="authenticated"),
                                     dict(sip_security_profile=5061)])
def test_check_mode_predicts_the_reset(hq, emulator, setting):
    """Check mode says what the real run will: a setting that needs a reset gives 'required'."""
    run(port_group, hq, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    predicted = run(port_group, hq, check_mode=True, name="HQ-SIP", **setting)
    real = run(port_group, hq, name="HQ-SIP", **setting)
    assert predicted["port_group"]["reset_status"] == real["port_group"]["reset_status"] == "required"
    assert run(port_group, hq, check_mode=True, name="HQ-SIP", enable_mwi=True)["port_group"]["reset_status"] \
        == "required"  # still waiting: a setting without a reset changes nothing about it
