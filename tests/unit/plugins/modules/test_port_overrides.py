# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-port settings (``overrides``) of the ports module and the ``differences`` it
returns, against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.module_utils.spec import port_numbers, port_ranges
from ansible_collections.cupi.telephony.plugins.modules import ports

from .test_ports import log_methods, run, server_ports
from .test_ports import sip_group  # noqa: F401 pylint: disable=unused-import


def answering(emulator):
    return [(int(p["PortNumInGroup"]), p["CapAnswer"], p["HuntOrder"]) for p in server_ports(emulator)]


def test_overrides_on_ports_being_added_then_nothing_to_do(sip_group, emulator):
    overrides = [{"ports": "7-8", "answer_calls": False}, {"ports": 1, "hunt_order": 9}]
    emulator.clear_log()
    predicted = run(ports, sip_group, check_mode=True, port_group="HQ-SIP", count=8, answer_calls=True,
                    hunt_order=0, overrides=overrides)
    assert [(p["number"], p["answer_calls"], p["hunt_order"]) for p in predicted["ports"]] == [
        (1, True, 9)] + [(n, True, 0) for n in range(2, 7)] + [(7, False, 0), (8, False, 0)]
    assert predicted["differences"] == [{
        "object": "ports of port group HQ-SIP", "kind": "ports", "name": "", "parent": "port group HQ-SIP",
        "action": "update", "field": "count", "before": 0, "after": 8}]
    assert set(log_methods(emulator)) == {"GET"}

    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", count=8, answer_calls=True, hunt_order=0,
                 overrides=overrides)
    assert result["changed"] is True
    # One POST adds the eight ports; the three an override names are then updated.
    assert log_methods(emulator).count("POST") == 1 and log_methods(emulator).count("PUT") == 3
    assert answering(emulator) == [(1, "true", "9")] + [(n, "true", "0") for n in range(2, 7)] + [
        (7, "false", "0"), (8, "false", "0")]
    assert [(p["number"], p["answer_calls"], p["hunt_order"]) for p in result["ports"]] == [
        (p["number"], p["answer_calls"], p["hunt_order"]) for p in predicted["ports"]]

    emulator.clear_log()
    again = run(ports, sip_group, port_group="HQ-SIP", count=8, answer_calls=True, hunt_order=0, overrides=overrides)
    assert (again["changed"], again["differences"]) == (False, [])
    assert set(log_methods(emulator)) == {"GET"}


def test_a_port_changed_by_hand_is_one_difference_with_both_values(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=4, hunt_order=0)
    third = server_ports(emulator)[2]
    emulator.api("PUT", "/vmrest/ports/%s" % third["ObjectId"], json={"HuntOrder": "7"})
    emulator.clear_log()
    result = run(ports, sip_group, check_mode=True, port_group="HQ-SIP", count=4, hunt_order=0)
    assert result["differences"] == [{
        "object": "port 3 of port group HQ-SIP", "kind": "port", "name": "3", "parent": "port group HQ-SIP",
        "action": "update", "field": "hunt_order", "before": 7, "after": 0}]
    assert "PUT" not in log_methods(emulator)
    # Described by an override, the port is as requested.
    result = run(ports, sip_group, port_group="HQ-SIP", count=4, hunt_order=0,
                 overrides=[{"ports": "3", "hunt_order": 7}])
    assert (result["changed"], result["differences"]) == (False, [])


@pytest.mark.parametrize("options, message", [
    (dict(count=4, overrides=[{"ports": "5", "answer_calls": False}]),
     "overrides[0].ports: port 5 is beyond the 4 ports of count"),
    (dict(count=4, overrides=[{"ports": "1-2", "mwi": False}, {"ports": 2, "mwi": True}]),
     "overrides[1].ports: port 2 is already in overrides[0]"),
    (dict(count=4, overrides=[{"ports": "two", "mwi": False}]),
     'overrides[0].ports must be port numbers such as 3, "3-4" or "1,5-6", got: two'),
    (dict(count=4, overrides=[{"ports": "3-1", "mwi": False}]),
     "overrides[0].ports: 3-1 is not a range of port numbers (they start at 1)"),
    (dict(count=4, overrides=[{"ports": 2}]), "overrides[0]: sets nothing besides ports"),
    (dict(count=4, overrides=[{"ports": 2, "hunt_order": 10000}]),
     "overrides[0].hunt_order must be between 0 and 9999, got 10000"),
])
def test_override_errors_before_any_request(sip_group, emulator, options, message):
    emulator.clear_log()
    with pytest.raises(ModuleFailure) as error:
        run(ports, sip_group, port_group="HQ-SIP", **options)
    assert message in error.value.msg
    assert emulator.requests_log() == []


def test_an_override_beyond_the_ports_there_are_without_count(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=2)
    with pytest.raises(ModuleFailure) as error:
        run(ports, sip_group, port_group="HQ-SIP", overrides=[{"ports": "3-4", "mwi": False}])
    assert error.value.msg == "overrides: port group HQ-SIP has 2 ports; it has no port 3, 4"
    assert [p["CapMWI"] for p in server_ports(emulator)] == ["true", "true"]


def test_security_mode_in_an_override_is_for_sccp_only(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=2)
    with pytest.raises(ModuleFailure) as error:
        run(ports, sip_group, port_group="HQ-SIP", overrides=[{"ports": 1, "security_mode": "encrypted"}])
    assert error.value.msg == "security_mode applies to SCCP port groups only; HQ-SIP is not one"


@pytest.mark.parametrize("text, numbers, written", [
    (3, [3], 3), ("3", [3], 3), ("3-4", [3, 4], "3-4"), ("1, 5-6", [1, 5, 6], "1,5-6"),
    ("7-8,1-2,4", [1, 2, 4, 7, 8], "1-2,4,7-8"),
])
def test_port_numbers_and_ranges_round_trip(text, numbers, written):
    assert port_numbers(text) == (numbers, None)
    assert port_ranges(numbers) == written
