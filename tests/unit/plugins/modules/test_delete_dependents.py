# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A delete says what goes with it (port groups, ports), in check mode and for real, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import CupiRunner
from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, ports
from ansible_collections.cupi.telephony.tests.unit.module_run import run

HQ_GROUPS = [dict(name="HQ-SIP", integration="sip", port_count=2), dict(name="HQ-SCCP", integration="sccp", port_count=4)]
HQ_MSG = "phone system HQ deleted with 2 port groups (HQ-SIP, HQ-SCCP) and 6 ports"


def listed(emulator, path, key):
    items = emulator.api("GET", path).json().get(key, [])
    return items if isinstance(items, list) else [items]


def writes(emulator):
    return [e["method"] for e in emulator.requests_log() if e["method"] != "GET"]


def reads(emulator, path):
    return [e for e in emulator.requests_log() if e["method"] == "GET" and e["path"].startswith(path)]


@pytest.fixture
def hq(connection, emulator):
    """Phone system HQ with a SIP port group of 2 ports and an SCCP port group of 4."""
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group, connection, name="HQ-SCCP", phone_system="HQ", integration="sccp", host="10.1.1.10",
        device_prefix="HQ-VI")
    run(ports, connection, port_group="HQ-SIP", count=2)
    run(ports, connection, port_group="HQ-SCCP", count=4)
    run(phone_system, connection, name="BR")  # another phone system, with a group of its own
    run(port_group, connection, name="BR-SIP", phone_system="BR", integration="sip", host="10.2.1.10")
    run(ports, connection, port_group="BR-SIP", count=2)
    return connection


def test_phone_system_delete_lists_port_groups_and_ports(hq, emulator):
    emulator.clear_log()
    result = run(phone_system, hq, check_mode=True, name="HQ", state="absent")
    assert result["changed"] is True
    assert result["msg"] == HQ_MSG
    assert result["dependents"] == dict(port_groups=HQ_GROUPS, ports=6)
    assert writes(emulator) == []
    # The counts come with the port groups: no port is read, the port groups are read once.
    assert reads(emulator, "/vmrest/ports") == []
    assert len(reads(emulator, "/vmrest/portgroups")) == 1
    assert sorted(g["DisplayName"] for g in listed(emulator, "/vmrest/portgroups", "PortGroup")) == [
        "BR-SIP", "HQ-SCCP", "HQ-SIP"]
    assert len(listed(emulator, "/vmrest/ports", "Port")) == 8

    emulator.clear_log()
    result = run(phone_system, hq, name="HQ", state="absent")
    assert result["changed"] is True
    assert result["msg"] == HQ_MSG
    assert result["dependents"] == dict(port_groups=HQ_GROUPS, ports=6)
    assert writes(emulator) == ["DELETE"]
    assert [p["DisplayName"] for p in listed(emulator, "/vmrest/phonesystems", "PhoneSystem")] == ["BR"]
    assert [g["DisplayName"] for g in listed(emulator, "/vmrest/portgroups", "PortGroup")] == ["BR-SIP"]
    assert sorted(p["DisplayName"] for p in listed(emulator, "/vmrest/ports", "Port")) == ["BR-SIP-001", "BR-SIP-002"]

    emulator.clear_log()
    result = run(phone_system, hq, check_mode=True, name="HQ", state="absent")
    assert (result["changed"], result["msg"], result.get("dependents")) == (False, "phone system HQ is absent", None)
    result = run(phone_system, hq, name="HQ", state="absent")
    assert (result["changed"], result["msg"], result.get("dependents")) == (False, "phone system HQ is absent", None)
    assert writes(emulator) == []
    assert reads(emulator, "/vmrest/portgroups") == [] and reads(emulator, "/vmrest/ports") == []


def test_port_group_delete_lists_its_ports(hq, emulator):
    expected = dict(ports=["HQ-SCCP-%03d" % n for n in range(1, 5)], port_count=4)
    msg = "port group HQ-SCCP deleted with 4 ports (HQ-SCCP-001, HQ-SCCP-002, HQ-SCCP-003, HQ-SCCP-004)"
    emulator.clear_log()
    result = run(port_group, hq, check_mode=True, name="HQ-SCCP", state="absent")
    assert (result["changed"], result["msg"], result["dependents"]) == (True, msg, expected)
    assert writes(emulator) == []
    assert len(reads(emulator, "/vmrest/ports")) == 1
    assert len(listed(emulator, "/vmrest/ports", "Port")) == 8

    result = run(port_group, hq, name="HQ-SCCP", state="absent")
    assert (result["changed"], result["msg"], result["dependents"]) == (True, msg, expected)
    assert sorted(g["DisplayName"] for g in listed(emulator, "/vmrest/portgroups", "PortGroup")) == ["BR-SIP", "HQ-SIP"]
    assert not [p for p in listed(emulator, "/vmrest/ports", "Port") if p["DisplayName"].startswith("HQ-SCCP")]

    emulator.clear_log()
    result = run(port_group, hq, name="HQ-SCCP", state="absent")
    assert (result["changed"], result["msg"], result.get("dependents")) == (False, "port group HQ-SCCP is absent", None)
    assert writes(emulator) == [] and reads(emulator, "/vmrest/ports") == []


def test_nothing_with_it(connection, emulator):
    run(phone_system, connection, name="LAB")
    run(port_group, connection, name="LAB-SIP", phone_system="LAB", integration="sip", host="10.3.1.10")
    emulator.clear_log()
    result = run(port_group, connection, name="LAB-SIP", state="absent")
    assert result["msg"] == "port group LAB-SIP deleted with no ports"
    assert result["dependents"] == dict(ports=[], port_count=0)
    assert reads(emulator, "/vmrest/ports") == []  # PortCount 0: nothing to read
    result = run(phone_system, connection, name="LAB", state="absent")
    assert result["msg"] == "phone system LAB deleted with no port groups"
    assert result["dependents"] == dict(port_groups=[], ports=0)


@pytest.mark.parametrize("hidden, port_reads", [(["HQ-SIP"], ["query"]), (["HQ-SIP", "HQ-SCCP"], ["all"])])
def test_port_count_not_shown(hq, emulator, monkeypatch, hidden, port_reads):
    """A server whose port groups do not show PortCount: ports are read, with the fewer requests."""
    real = CupiRunner.list_objects

    def without_count(self, resource, **parents):
        rows = real(self, resource, **parents)
        return [dict((k, v) for k, v in r.items() if not (k == "PortCount" and r.get("DisplayName") in hidden))
                for r in rows]
    monkeypatch.setattr(CupiRunner, "list_objects", without_count)
    emulator.clear_log()
    result = run(phone_system, hq, check_mode=True, name="HQ", state="absent")
    assert (result["msg"], result["dependents"]) == (HQ_MSG, dict(port_groups=HQ_GROUPS, ports=6))
    got = reads(emulator, "/vmrest/ports")
    assert ["query" if "query" in (e.get("query") or "") else "all" for e in got] == port_reads
    assert writes(emulator) == []

    result = run(port_group, hq, check_mode=True, name="HQ-SIP", state="absent")
    assert result["dependents"] == dict(ports=["HQ-SIP-001", "HQ-SIP-002"], port_count=2)
