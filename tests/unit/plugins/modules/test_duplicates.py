# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Children that share a key (two writers, someone in the administration pages) collapse into
one: merged and replaced delete the others, name each, and the next run changes nothing."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.modules import (
    axl_servers,
    phone_system,
    port_group,
    port_group_servers,
)

JSON = {"Content-Type": "application/json"}


def run(module, connection, **options):
    params = dict(connection, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec(),
                                       **module.Runner.validator_options()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return module.Runner(validation.validated_parameters, diff=True).execute()


def listed(emulator, path, key):
    items = emulator.api("GET", path).json().get(key, [])
    return items if isinstance(items, list) else [items]


@pytest.mark.parametrize("state", ["merged", "replaced"])
def test_a_second_axl_server_with_a_listed_host_is_removed(connection, emulator, state):
    system = run(phone_system, connection, name="HQ")["phone_system"]["object_id"]
    servers = [dict(host="10.1.1.10", username="axl", password="Axl-pw-1"), dict(host="10.1.1.11")]
    run(axl_servers, connection, phone_system="HQ", state="replaced", servers=servers)
    path = "/vmrest/phonesystems/%s/axlservers" % system
    emulator.api("POST", path, headers=JSON, json={  # planted: the same host again
        "HostOrIPAddress": "10.1.1.10", "MediaSwitchObjectId": system, "MediaRemoteServiceEnum": "103",
        "CcmAXLUser": "axl", "CcmAXLPassword": "Axl-pw-1", "Port": "443", "Precedence": "3"})
    planted = [s["ObjectId"] for s in listed(emulator, path, "AXLServer")][-1]
    result = run(axl_servers, connection, phone_system="HQ", state=state, servers=servers)
    assert result["changed"] is True
    assert result["msg"].endswith("1 removed (duplicates removed: 10.1.1.10)")
    assert [d["object_id"] for d in result["duplicates"]] == [planted]
    assert [(r["method"], r["path"].rsplit("/", 1)[-1], r["why"]) for r in result["requests"]] == [
        ("DELETE", planted, "a duplicate: an earlier AXL server has the same host")]
    assert [d["action"] for d in result["differences"]] == ["delete"]
    assert sorted(s["HostOrIPAddress"] for s in listed(emulator, path, "AXLServer")) == ["10.1.1.10", "10.1.1.11"]
    assert run(axl_servers, connection, phone_system="HQ", state=state, servers=servers)["changed"] is False


def test_merged_leaves_the_duplicates_of_an_item_it_does_not_list(connection, emulator):
    """merged manages the listed items only: another key's duplicates stay."""
    system = run(phone_system, connection, name="HQ")["phone_system"]["object_id"]
    path = "/vmrest/phonesystems/%s/axlservers" % system
    for _copy in range(2):
        emulator.api("POST", path, headers=JSON, json={
            "HostOrIPAddress": "10.9.9.9", "MediaSwitchObjectId": system, "MediaRemoteServiceEnum": "103",
            "CcmAXLUser": "axl", "CcmAXLPassword": "Axl-pw-1", "Port": "443"})
    result = run(axl_servers, connection, phone_system="HQ", state="merged", servers=[dict(host="10.1.1.10")])
    assert result["duplicates"] == []
    assert sorted(s["HostOrIPAddress"] for s in listed(emulator, path, "AXLServer")) == [
        "10.1.1.10", "10.9.9.9", "10.9.9.9"]


def test_a_second_port_group_server_with_the_same_type_and_host_is_removed(connection, emulator):
    run(phone_system, connection, name="HQ")
    group = run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip",
                host="10.1.1.10")["port_group"]["object_id"]
    path = "/vmrest/portgroups/%s/portgroupservers" % group
    emulator.api("POST", path, headers=JSON, json={
        "MediaPortGroupObjectId": group, "MediaRemoteServiceEnum": "102", "HostOrIPAddress": "10.1.1.10"})
    assert len(listed(emulator, path, "PortGroupServer")) == 2
    result = run(port_group_servers, connection, port_group="HQ-SIP", state="replaced",
                 servers=[dict(type="sip_proxy", host="10.1.1.10")])
    assert "duplicates removed: sip_proxy 10.1.1.10" in result["msg"]
    assert len(listed(emulator, path, "PortGroupServer")) == 1
