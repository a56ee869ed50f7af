# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's ``differences``: one per field with the server's and the task's value,
one per object added or removed, one per child moved; the same in check mode and for real;
secrets masked. Against the emulator."""

from __future__ import annotations

from ansible_collections.cupi.telephony.plugins.modules import (
    axl_servers,
    phone_system,
    port_group,
    port_group_codecs,
    sip_certificate,
)

from .test_ports import run


def objects(result):
    return [(d["object"], d["action"], d["field"], d["before"], d["after"]) for d in result["differences"]]


def test_an_object_created_updated_and_deleted(connection, emulator):
    assert objects(run(phone_system, connection, check_mode=True, name="HQ")) == [
        ("phone system HQ", "create", None, None, None)]
    assert objects(run(phone_system, connection, name="HQ")) == [("phone system HQ", "create", None, None, None)]
    changed = dict(name="HQ", call_loop_guard_time_ms=4000, mwi_force_off=True)
    predicted = run(phone_system, connection, check_mode=True, **changed)
    assert objects(predicted) == [("phone system HQ", "update", "mwi_force_off", False, True),
                                  ("phone system HQ", "update", "call_loop_guard_time_ms", 2500, 4000)]
    assert run(phone_system, connection, **changed)["differences"] == predicted["differences"]
    assert run(phone_system, connection, **changed)["differences"] == []
    assert objects(run(phone_system, connection, name="HQ", state="absent")) == [
        ("phone system HQ", "delete", None, None, None)]


def test_children_added_changed_moved_and_removed(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group_codecs, connection, port_group="HQ-SIP", state="replaced",
        codecs=[{"name": "G.711 mu-law"}, {"name": "G.729"}])
    result = run(port_group_codecs, connection, check_mode=True, port_group="HQ-SIP", state="replaced",
                 codecs=[{"name": "G.729", "packet_size": 30}, {"name": "G.722"}])
    parent = "of port group HQ-SIP"
    assert objects(result) == [
        ("port group codec G.722 %s" % parent, "create", None, None, None),
        ("port group codec G.729 %s" % parent, "update", "packet_size", 20, 30),
        ("port group codec G.711 mu-law %s" % parent, "delete", None, None, None)]


def test_secrets_are_masked(connection, emulator):
    run(phone_system, connection, name="HQ")
    servers = [{"host": "10.1.1.10", "username": "axl", "password": "Secret-1"}]
    run(axl_servers, connection, phone_system="HQ", servers=servers)
    result = run(axl_servers, connection, check_mode=True, phone_system="HQ", update_password="always",
                 servers=[dict(servers[0], password="Secret-2", port=8443)])
    assert sorted(objects(result)) == [
        ("AXL server 10.1.1.10 of phone system HQ", "update", "password", "(secret)", "(secret)"),
        ("AXL server 10.1.1.10 of phone system HQ", "update", "port", 443, 8443)]
    assert "Secret" not in repr(result)
    created = run(sip_certificate, connection, check_mode=True, name="cuc-sip", subject_name="cuc-sip")
    assert objects(created) == [("SIP certificate cuc-sip", "create", None, None, None)]
