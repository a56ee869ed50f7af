# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the reference leaves open, against emulators that behave the other way: a server
with no create for SIP certificates, one that does not show a codec's Preference; and
the port group server rules the reference states (no change on a PIMG/TIMG group)."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import (
    phone_system,
    port_group,
    port_group_codecs,
    port_group_servers,
    sip_certificate,
)

from ...conftest import PASSWORD, USER, Emulator
from .test_port_groups import children, run, server_port_group

GUIDANCE = ("this Unity Connection does not create SIP certificates through CUPI (the reference documents "
            "list, get, update and delete only). Add the certificate in Unity Connection Administration "
            "(Telephony Integrations > Security > SIP Certificate) with this name; the module then manages "
            "it by name")


def started(tmp_path_factory, name, *flags):
    return Emulator(tmp_path_factory.mktemp(name), "--basic-auth-limit", "0", *flags)


def connect(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    emulator.reset()
    return dict(hostname="127.0.0.1", port=emulator.port, username=USER, password=PASSWORD, use_ssl=True,
                validate_certs=True, ca_path=emulator.ca_path, timeout=10, api_format="xml")


@pytest.fixture(scope="module")
def no_certificate_post(tmp_path_factory):
    emulator = started(tmp_path_factory, "nocertpost", "--no-sip-certificate-post")
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def hidden_preference(tmp_path_factory):
    emulator = started(tmp_path_factory, "nopreference", "--hide-codec-preference")
    yield emulator
    emulator.stop()


def test_certificate_create_refused_says_what_to_do(no_certificate_post, tmp_path, monkeypatch):
    conn = connect(no_certificate_post, tmp_path, monkeypatch)
    with pytest.raises(ModuleFailure) as caught:
        run(sip_certificate, conn, name="cuc-sip", subject_name="cuc-sip.example.com")
    msg = caught.value.msg
    assert msg.startswith("SIP certificate cuc-sip: " + GUIDANCE + " (HTTP 405 ")
    assert msg.endswith("(POST /vmrest/sipcertificates))")
    assert caught.value.kwargs["error"]["status"] == 405
    assert [e["method"] for e in no_certificate_post.requests_log()] == ["GET", "POST"]


def test_certificate_added_by_hand_is_managed_by_name(no_certificate_post, tmp_path, monkeypatch):
    """What the message promises: once the certificate exists, the module updates it by name."""
    conn = connect(no_certificate_post, tmp_path, monkeypatch)
    # Stands in for Unity Connection Administration: the emulator's create, switched on for this one.
    config = no_certificate_post.url + "/__emulator__/config"
    assert no_certificate_post.admin.get(config).json()["no_sip_certificate_post"] is True
    no_certificate_post.admin.post(config, json={"no_sip_certificate_post": False}).raise_for_status()
    try:
        no_certificate_post.api("POST", "/vmrest/sipcertificates",
                                json={"DisplayName": "cuc-sip", "SubjectName": "old.example.com"})
    finally:
        no_certificate_post.admin.post(config, json={"no_sip_certificate_post": True}).raise_for_status()
    result = run(sip_certificate, conn, name="cuc-sip", subject_name="cuc-sip.example.com")
    assert result["changed"] is True
    assert result["sip_certificate"]["subject_name"] == "cuc-sip.example.com"
    assert run(sip_certificate, conn, name="cuc-sip", subject_name="cuc-sip.example.com")["changed"] is False


def test_codec_order_without_preference(hidden_preference, tmp_path, monkeypatch):
    conn = connect(hidden_preference, tmp_path, monkeypatch)
    run(phone_system, conn, name="HQ")
    run(port_group, conn, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    group = server_port_group(hidden_preference, "HQ-SIP")
    names = {"5623a48c-255d-a121-a4b4-5788238a8123": "G.711 mu-law", "8923aabc-3650-b232-1b00-0788b04a84c6": "G.729",
             "7823a48c-105d-b232-07b4-635a20810345": "G.722"}

    def on_server():
        rows = children(hidden_preference, group["ObjectId"], "portgroupcodecs")
        assert not any("Preference" in r for r in rows), rows
        return [names.get(r["RtpCodecDefObjectId"], r["RtpCodecDefObjectId"]) for r in rows]

    assert on_server() == ["G.711 mu-law", "G.729"]
    # The order the server already has: nothing to do, and no write.
    hidden_preference.clear_log()
    same = run(port_group_codecs, conn, port_group="HQ-SIP", state="replaced",
               codecs=[dict(name="G.711 mu-law"), dict(name="G.729")])
    assert same["changed"] is False
    assert [e["method"] for e in hidden_preference.requests_log() if e["method"] != "GET"] == []

    wanted = [dict(name="G.722", packet_size=30), dict(name="G.711 mu-law"), dict(name="G.729")]
    first = run(port_group_codecs, conn, port_group="HQ-SIP", state="replaced", codecs=wanted)
    assert first["changed"] is True
    assert on_server() == ["G.722", "G.711 mu-law", "G.729"]
    bodies = [e["body"]["fields"] for e in hidden_preference.requests_log() if e["method"] == "POST"]
    assert bodies and not any("Preference" in b for b in bodies), bodies
    hidden_preference.clear_log()
    second = run(port_group_codecs, conn, port_group="HQ-SIP", state="replaced", codecs=wanted)
    assert second["changed"] is False and second["msg"] == "codecs of port group HQ-SIP: as requested"
    assert [e["method"] for e in hidden_preference.requests_log() if e["method"] != "GET"] == []


def test_pimg_port_group_servers_refused_before_any_write(connection, emulator):
    run(phone_system, connection, name="BRANCH")
    run(port_group, connection, name="BR-PIMG", phone_system="BRANCH", integration="pimg", host="10.2.2.20")
    emulator.clear_log()
    for state in ("merged", "replaced", "deleted"):
        with pytest.raises(ModuleFailure) as caught:
            run(port_group_servers, connection, port_group="BR-PIMG", state=state,
                servers=[dict(type="sip_proxy", host="10.2.2.21")])
        assert caught.value.msg == (
            "port_group: BR-PIMG is a PIMG/TIMG port group; Unity Connection supports no change to the servers "
            "of such a port group (its server is the port group's host)")
    assert [e["method"] for e in emulator.requests_log() if e["method"] != "GET"] == []


def test_server_refuses_pin_sync_off_the_primary(connection, emulator):
    """The module's check and the server's agree: the primary is the lowest precedence."""
    from ansible_collections.cupi.telephony.plugins.modules import axl_servers

    run(phone_system, connection, name="HQ")
    result = run(axl_servers, connection, phone_system="HQ", state="replaced",
                 servers=[dict(host="10.1.1.10", pin_sync=True), dict(host="10.1.1.11")])
    # The result is what was sent (not read back); the server holds its default for the rest.
    assert [s.get("pin_sync") for s in result["axl_servers"]] == [True, None]
    system = emulator.phone_systems()[0]["ObjectId"]
    body = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system).json()["AXLServer"]
    assert [(s["HostOrIPAddress"], s["IsPinSyncEnabled"]) for s in body] == [
        ("10.1.1.10", "true"), ("10.1.1.11", "false")]
    assert [s["object_id"] for s in result["axl_servers"]] == [s["ObjectId"] for s in body]
    again = run(axl_servers, connection, phone_system="HQ", state="replaced",
                servers=[dict(host="10.1.1.10", pin_sync=True), dict(host="10.1.1.11", pin_sync=False)])
    assert again["changed"] is False
