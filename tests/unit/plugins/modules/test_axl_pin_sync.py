# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PIN sync moves between AXL servers with requests that keep it on the primary only
(Telephony Integrations, "AXL Servers"; Phone Systems, "AXL Servers"), against an emulator that
refuses any request after which
another server has it."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.modules import axl_servers, phone_system
from ansible_collections.cupi.telephony.plugins.module_utils.primary import Step, primary_safe_order
from ansible_collections.cupi.telephony.tests.unit.plugins.modules.test_port_groups import run

OLD, NEW, THIRD = "10.1.1.10", "10.1.1.20", "10.1.1.30"


def on_server(emulator):
    system = emulator.phone_systems()[0]["ObjectId"]
    body = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system).json()
    items = body.get("AXLServer", [])
    items = items if isinstance(items, list) else [items]
    return [(s["HostOrIPAddress"], s["Precedence"], s["IsPinSyncEnabled"]) for s in items]


def shown(result):
    """The requests as (method, host or object, IsPinSyncEnabled sent) in order."""
    return [(r["method"], (r.get("body") or {}).get("HostOrIPAddress", r["path"].rsplit("/", 1)[-1]),
             (r.get("body") or {}).get("IsPinSyncEnabled")) for r in result["requests"]]


@pytest.fixture(params=["xml", "json"])
def hq(request, connection):
    connection = dict(connection, api_format=request.param)
    run(phone_system, connection, name="HQ")
    run(axl_servers, connection, phone_system="HQ", state="replaced",
        servers=[dict(host=OLD, pin_sync=True), dict(host=THIRD)])
    return connection


def ids(emulator):
    system = emulator.phone_systems()[0]["ObjectId"]
    body = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system).json()
    items = body.get("AXLServer", [])
    return dict((s["HostOrIPAddress"], s["ObjectId"]) for s in (items if isinstance(items, list) else [items]))


def test_pin_sync_moves_to_a_new_server_demote_first(hq, emulator):
    assert on_server(emulator) == [(OLD, "1", "true"), (THIRD, "2", "false")]
    old_id, third_id = ids(emulator)[OLD], ids(emulator)[THIRD]
    servers = [dict(host=NEW, pin_sync=True), dict(host=OLD, pin_sync=False)]

    check = run(axl_servers, hq, check_mode=True, phone_system="HQ", state="replaced", servers=servers)
    result = run(axl_servers, hq, phone_system="HQ", state="replaced", servers=servers)
    assert result["changed"] is True
    # the old primary gives pin sync up before the new one (precedence 1) is added with it;
    # the server no longer listed goes last
    assert shown(result) == [("PUT", old_id, "false"), ("POST", NEW, "true"), ("DELETE", third_id, None)]
    assert shown(check) == shown(result)
    assert result["requests"][0]["body"]["Precedence"] == "2"
    assert on_server(emulator) == [(OLD, "2", "false"), (NEW, "1", "true")]
    assert [(s["host"], s["object_id"]) for s in result["axl_servers"]] == list(ids(emulator).items())

    again = run(axl_servers, hq, phone_system="HQ", state="replaced", servers=servers)
    assert again["changed"] is False
    assert again["requests"] == []


def test_pin_sync_moves_to_an_existing_server_by_precedence(hq, emulator):
    """The new primary is an existing server whose precedence drops below the old one's."""
    old_id, third_id = ids(emulator)[OLD], ids(emulator)[THIRD]
    servers = [dict(host=THIRD, pin_sync=True, precedence=0), dict(host=OLD, pin_sync=False)]
    result = run(axl_servers, hq, phone_system="HQ", state="merged", servers=servers)
    assert shown(result) == [("PUT", old_id, "false"), ("PUT", third_id, "true")]
    assert on_server(emulator) == [(OLD, "1", "false"), (THIRD, "0", "true")]
    assert run(axl_servers, hq, phone_system="HQ", state="merged", servers=servers)["changed"] is False


def test_the_primary_keeps_pin_sync_while_it_moves_down(hq, emulator):
    """The server with pin sync keeps it and goes to precedence 5: the other one moves
    further down first, so that at no request it outranks the primary."""
    old_id, third_id = ids(emulator)[OLD], ids(emulator)[THIRD]
    servers = [dict(host=OLD, pin_sync=True, precedence=5), dict(host=THIRD, precedence=6)]
    result = run(axl_servers, hq, phone_system="HQ", state="merged", servers=servers)
    assert [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in result["requests"]] == [
        ("PUT", third_id), ("PUT", old_id)]
    assert on_server(emulator) == [(OLD, "5", "true"), (THIRD, "6", "false")]
    assert run(axl_servers, hq, phone_system="HQ", state="merged", servers=servers)["changed"] is False


def test_a_server_to_be_deleted_that_outranks_the_new_primary_goes_first(hq, emulator):
    """replaced with only THIRD, pin sync on: OLD (precedence 1, pin sync) is deleted before
    THIRD takes it."""
    old_id, third_id = ids(emulator)[OLD], ids(emulator)[THIRD]
    servers = [dict(host=THIRD, pin_sync=True)]
    result = run(axl_servers, hq, phone_system="HQ", state="replaced", servers=servers)
    assert [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in result["requests"]] == [
        ("DELETE", old_id), ("PUT", third_id)]
    assert on_server(emulator) == [(THIRD, "2", "true")]
    assert run(axl_servers, hq, phone_system="HQ", state="replaced", servers=servers)["changed"] is False


@pytest.mark.parametrize("steps, expected", [
    # a has the flag and goes: the add that would outrank it waits for its removal
    ([("delete", "a"), ("update", "b", dict(rank=3)), ("create", "c", dict(rank=0))], ["b", "a", "c"]),
    # the preferred order otherwise: adds, updates, removals
    ([("delete", "b"), ("update", "a", dict(rank=0)), ("create", "c", dict(rank=3))], ["c", "a", "b"]),
    # a keeps the flag and moves from 1 to 4: b (2 -> 5) moves first
    ([("update", "a", dict(rank=4)), ("update", "b", dict(rank=5))], ["b", "a"]),
    # the flag moves from a to a new c: a's demote first, whatever the listed order
    ([("create", "c", dict(rank=0, flag=True)), ("update", "a", dict(flag=False, rank=3))], ["a", "c"]),
    # an end state that breaks the rule: the preferred order, the server says why
    ([("create", "c", dict(rank=0))], ["c"]),
])
def test_primary_safe_order(steps, expected):
    current = [dict(name="a", rank=1, flag=True), dict(name="b", rank=2, flag=False)]
    by_name = dict((c["name"], c) for c in current)
    planned = [Step(kind, by_name.get(name), dict(options, name=name), None, None) for kind, name, *rest in steps
               for options in (rest[0] if rest else {},)]
    ordered = primary_safe_order(planned, current, "flag", "rank")
    assert [s.given["name"] for s in ordered] == expected
