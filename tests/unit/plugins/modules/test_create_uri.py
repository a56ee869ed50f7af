# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A port group server create answered with the port group's URI, as Cisco's example shows
(Port Group Server Settings, "Adding a TFTP Server to Existing Port Group with SIP Phone
Integration"): the new server's id is found by its key, never taken from that URI."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.client import created_id
from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, port_group_servers
from ansible_collections.cupi.telephony.tests.unit.plugins.modules.test_port_groups import (
    children,
    run,
    server_port_group,
)


@pytest.fixture
def uri_of_parent(emulator):
    def config(on):
        emulator.admin.post(emulator.url + "/__emulator__/config",
                            json={"create_uri_of_parent": on}).raise_for_status()
    config(True)
    yield
    config(False)


@pytest.mark.parametrize("api_format", ["xml", "json"])
def test_server_create_answered_with_the_port_group_uri(connection, emulator, uri_of_parent, api_format):
    connection = dict(connection, api_format=api_format)
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    group_id = server_port_group(emulator, "HQ-SIP")["ObjectId"]
    servers = [dict(type="sip_proxy", host="10.1.1.10"), dict(type="sip_proxy", host="10.1.1.11")]

    emulator.clear_log()
    result = run(port_group_servers, connection, port_group="HQ-SIP", state="replaced", servers=servers)
    posts = [e for e in emulator.requests_log() if e["method"] == "POST"]
    assert len(posts) == 1                   # the create is not sent again
    rows = children(emulator, group_id, "portgroupservers")
    new = [r for r in rows if r["HostOrIPAddress"] == "10.1.1.11"]
    assert len(new) == 1 and new[0]["ObjectId"] != group_id
    assert result["changed"] is True
    assert [(s["host"], s["object_id"]) for s in result["port_group_servers"]] == [
        (r["HostOrIPAddress"], r["ObjectId"]) for r in rows]

    again = run(port_group_servers, connection, port_group="HQ-SIP", state="replaced", servers=servers)
    assert again["changed"] is False
    assert again["requests"] == []


@pytest.mark.parametrize("uri, expected", [
    ("/vmrest/portgroups/pg-1/portgroupservers/s-1", "s-1"),
    ("https://cuc.example.com:8443/vmrest/portgroups/pg-1/portgroupservers/s-1/", "s-1"),
    ("/vmrest/PortGroups/pg-1/portgroupservers/s-1", "s-1"),
    # Port Group Server Settings, "Adding a TFTP Server to Existing Port Group with SIP Phone
    # Integration": the port group's URI
    ("/vmrest/portgroups/pg-1", None),
    ("/vmrest/portgroups/pg-2/portgroupservers/s-1", None),
    ("s-1", "s-1"),
    ("", None),
])
def test_created_id(uri, expected):
    assert created_id(uri, "/vmrest/portgroups/pg-1/portgroupservers") == expected


def test_codec_creates_send_what_cisco_sends(connection, emulator):
    """Port Groups, "Addings Codecs to the existing Port Group": a codec create sends
    MediaPortGroupObjectId, PreferredPacketSizeMs and
    RtpCodecDefObjectId, never Preference; preference orders the list, the server's order
    (the order codecs were added) is the order of preference."""
    from ansible_collections.cupi.telephony.plugins.modules import port_group_codecs

    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    group_id = server_port_group(emulator, "HQ-SIP")["ObjectId"]
    codecs = [dict(name="G.711 mu-law", preference=2), dict(name="G.722", preference=0), dict(name="G.729")]
    result = run(port_group_codecs, connection, port_group="HQ-SIP", state="replaced", codecs=codecs)
    posts = [r["body"] for r in result["requests"] if r["method"] == "POST"]
    assert posts and all(sorted(b) == ["MediaPortGroupObjectId", "PreferredPacketSizeMs", "RtpCodecDefObjectId"]
                         for b in posts)
    rows = children(emulator, group_id, "portgroupcodecs")
    names = dict((c["ObjectId"], c["DisplayName"]) for c in emulator.api("GET", "/vmrest/rtpcodecdefs").json()["RtpCodecDef"])
    assert [names[r["RtpCodecDefObjectId"]] for r in rows] == ["G.722", "G.711 mu-law", "G.729"]
    assert run(port_group_codecs, connection, port_group="HQ-SIP", state="replaced", codecs=codecs)["changed"] is False
