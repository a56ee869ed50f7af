# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Repairs of a port group that lost ports by hand, against the emulator. The server adds ports
in even numbers only (Cisco's Ports page, "Adding Ports" and "Adding PIMGTIMG Ports"), so an odd
number of missing ports is one more added and one port removed, first."""

from __future__ import annotations

import re

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import ports

from .test_ports import run, server_ports
from .test_ports import sip_group  # noqa: F401 pylint: disable=unused-import

ID = re.compile(r"/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\(new\))$")


def shown(result):
    """The requests of a result, the id ending a path (or "(new)") as "(id)"."""
    return [(r["method"], ID.sub("/(id)", r["path"]), r.get("body"), r["why"]) for r in result["requests"]]


def writes(emulator):
    return [(e["method"], e["path"], (e.get("body") or {}).get("fields"))
            for e in emulator.requests_log() if e["method"] != "GET"]


def numbers(emulator):
    return [int(p["PortNumInGroup"]) for p in server_ports(emulator)]


def delete_by_hand(emulator, *doomed):
    """Deletes ports by number through the API, as an administrator would; their ids by number."""
    ids = dict((int(p["PortNumInGroup"]), p["ObjectId"]) for p in server_ports(emulator))
    for number in doomed:
        emulator.api("DELETE", "/vmrest/ports/%s" % ids[number])
    return ids


def dry_then_real(emulator, connection, **options):
    """The task in check mode, then for real: the same requests, ids aside, and only the real
    run's reach the server."""
    emulator.clear_log()
    dry = run(ports, connection, check_mode=True, port_group="HQ-SIP", **options)
    assert writes(emulator) == []
    real = run(ports, connection, port_group="HQ-SIP", **options)
    assert shown(real) == shown(dry)
    assert [(r["method"], r["path"], r.get("body")) for r in real["requests"]] == writes(emulator)
    assert [p["number"] for p in real["ports"]] == [p["number"] for p in dry["ports"]]
    assert real["differences"] == dry["differences"]
    return real


def count_difference(before, after):
    return {"object": "ports of port group HQ-SIP", "kind": "ports", "name": "", "parent": "port group HQ-SIP",
            "action": "update", "field": "count", "before": before, "after": after}


def add_body(result):
    (post,) = [r for r in result["requests"] if r["method"] == "POST"]
    return post["body"]["NumberOfPorts"]


@pytest.mark.parametrize("deleted, removed, after", [
    (3, 6, [1, 2, 4, 5, 6, 7]),  # new ports are numbered after the last one; 3 is not used again
    (6, 5, [1, 2, 3, 4, 5, 6]),
])
def test_one_port_deleted_by_hand_is_replaced_by_a_pair(sip_group, emulator, deleted, removed, after):
    run(ports, sip_group, port_group="HQ-SIP", count=6)
    ids = delete_by_hand(emulator, deleted)

    result = dry_then_real(emulator, sip_group, count=6)
    assert result["changed"] is True
    assert result["msg"] == "ports of port group HQ-SIP: 2 added, 1 removed, 0 updated"
    assert [(r["method"], r["path"]) for r in result["requests"]] == [
        ("DELETE", "/vmrest/ports/%s" % ids[removed]), ("POST", "/vmrest/ports")]
    assert result["requests"][0]["why"] == (
        "port %d: removed first, as ports are added in pairs (1 missing, 2 added); "
        "the highest-numbered port no override names" % removed)
    assert add_body(result) == "2"
    assert result["differences"] == [count_difference(5, 6)]
    assert numbers(emulator) == after
    assert [(p["number"], p["object_id"]) for p in result["ports"]] == [
        (int(p["PortNumInGroup"]), p["ObjectId"]) for p in server_ports(emulator)]

    again = run(ports, sip_group, port_group="HQ-SIP", count=6)
    assert (again["changed"], again["requests"], again["differences"]) == (False, [], [])


def test_an_override_on_the_deleted_port_lands_on_the_new_port_with_its_number(sip_group, emulator):
    options = dict(count=6, answer_calls=True, overrides=[{"ports": 6, "answer_calls": False}])
    run(ports, sip_group, port_group="HQ-SIP", **options)
    ids = delete_by_hand(emulator, 6)

    result = dry_then_real(emulator, sip_group, **options)
    assert result["msg"] == "ports of port group HQ-SIP: 2 added, 1 removed, 0 updated"
    new_six = [p["ObjectId"] for p in server_ports(emulator) if p["PortNumInGroup"] == "6"]
    assert [(r["method"], r["path"], r.get("body")) for r in result["requests"][::2]] == [
        ("DELETE", "/vmrest/ports/%s" % ids[5], None), ("PUT", "/vmrest/ports/%s" % new_six[0], {"CapAnswer": "false"})]
    assert [(int(p["PortNumInGroup"]), p["CapAnswer"]) for p in server_ports(emulator)] == [
        (1, "true"), (2, "true"), (3, "true"), (4, "true"), (5, "true"), (6, "false")]
    assert [(p["number"], p["answer_calls"]) for p in result["ports"]] == [
        (1, True), (2, True), (3, True), (4, True), (5, True), (6, False)]

    again = run(ports, sip_group, port_group="HQ-SIP", **options)
    assert (again["changed"], again["requests"]) == (False, [])


def test_the_port_removed_is_the_highest_no_override_names(sip_group, emulator):
    options = dict(count=6, hunt_order=0, overrides=[{"ports": "5-6", "hunt_order": 3}])
    run(ports, sip_group, port_group="HQ-SIP", **options)
    ids = delete_by_hand(emulator, 6)

    result = dry_then_real(emulator, sip_group, **options)
    # Port 5 is kept, as its override says; port 4 goes; the new ports are 6 and 7.
    assert [(r["method"], r["path"]) for r in result["requests"][:2]] == [
        ("DELETE", "/vmrest/ports/%s" % ids[4]), ("POST", "/vmrest/ports")]
    assert shown(result)[2] == ("PUT", "/vmrest/ports/(id)", {"HuntOrder": "3"}, "port 6: changed hunt_order")
    assert [(int(p["PortNumInGroup"]), p["HuntOrder"]) for p in server_ports(emulator)] == [
        (1, "0"), (2, "0"), (3, "0"), (5, "3"), (6, "3"), (7, "0")]
    assert server_ports(emulator)[3]["ObjectId"] == ids[5]
    assert run(ports, sip_group, port_group="HQ-SIP", **options)["changed"] is False


def test_when_overrides_name_every_port_the_highest_is_removed_and_the_why_says_so(sip_group, emulator):
    options = dict(count=6, overrides=[{"ports": "1-6", "hunt_order": 4}])
    run(ports, sip_group, port_group="HQ-SIP", **options)
    ids = delete_by_hand(emulator, 6)

    result = dry_then_real(emulator, sip_group, **options)
    assert result["requests"][0] == {
        "method": "DELETE", "path": "/vmrest/ports/%s" % ids[5],
        "why": "port 5: removed first, as ports are added in pairs (1 missing, 2 added); "
               "overrides name every port, so it is the highest-numbered one"}
    assert [r["method"] for r in result["requests"]] == ["DELETE", "POST", "PUT", "PUT"]
    assert [(int(p["PortNumInGroup"]), p["HuntOrder"]) for p in server_ports(emulator)] == [
        (n, "4") for n in range(1, 7)]
    assert run(ports, sip_group, port_group="HQ-SIP", **options)["changed"] is False


def test_three_ports_missing_adds_four_and_removes_one(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=6)
    ids = delete_by_hand(emulator, 4, 5, 6)

    result = dry_then_real(emulator, sip_group, count=6)
    assert result["msg"] == "ports of port group HQ-SIP: 4 added, 1 removed, 0 updated"
    assert [(r["method"], r["path"]) for r in result["requests"]] == [
        ("DELETE", "/vmrest/ports/%s" % ids[3]), ("POST", "/vmrest/ports")]
    assert add_body(result) == "4"
    assert result["differences"] == [count_difference(3, 6)]
    assert numbers(emulator) == [1, 2, 3, 4, 5, 6]
    assert run(ports, sip_group, port_group="HQ-SIP", count=6)["changed"] is False


@pytest.fixture
def six_port_licence(emulator):
    config = emulator.url + "/__emulator__/config"
    emulator.admin.post(config, json={"license_ports": 6}).raise_for_status()
    yield
    emulator.admin.post(config, json={"license_ports": 250}).raise_for_status()


def test_a_group_at_the_licence_limit_is_repaired(sip_group, emulator, six_port_licence):
    run(ports, sip_group, port_group="HQ-SIP", count=6)
    delete_by_hand(emulator, 2)
    # Two more ports than the five left would be seven: past the licence.
    group = emulator.api("GET", "/vmrest/portgroups").json()["PortGroup"]["ObjectId"]
    vms = emulator.api("GET", "/vmrest/vmsservers").json()["VmsServer"]["ObjectId"]
    with pytest.raises(Exception, match="400"):
        emulator.api("POST", "/vmrest/ports", json={
            "MediaPortGroupObjectId": group, "NumberOfPorts": "2", "VmsServerObjectId": vms})

    result = dry_then_real(emulator, sip_group, count=6)
    assert [r["method"] for r in result["requests"]] == ["DELETE", "POST"]
    assert numbers(emulator) == [1, 3, 4, 5, 6, 7]


def test_an_override_on_a_number_the_group_will_not_have_fails_before_any_change(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=6)
    delete_by_hand(emulator, 3)
    emulator.clear_log()
    for check_mode in (True, False):
        with pytest.raises(ModuleFailure) as caught:
            run(ports, sip_group, check_mode=check_mode, port_group="HQ-SIP", count=6,
                overrides=[{"ports": 3, "mwi": False}])
        assert caught.value.msg == (
            "overrides: port group HQ-SIP has no port 3; its ports are to be 1-2,4-7: the server numbers new "
            "ports after the last one, so the number of a port deleted below it is not used again")
    assert writes(emulator) == []
    assert numbers(emulator) == [1, 2, 4, 5, 6]
