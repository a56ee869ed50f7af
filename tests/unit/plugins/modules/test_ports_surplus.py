# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge after the write, for what no lock covers: ports another writer (another controller,
the administration pages) adds while the task adds its own are counted after the add, and the
surplus beyond count is removed in the same run."""

from __future__ import annotations

import threading
import time

from ansible_collections.cupi.telephony.plugins.modules import ports

from .test_ports import run, server_ports
from .test_ports import sip_group  # noqa: F401 pylint: disable=unused-import


def test_ports_another_writer_adds_meanwhile_are_removed_after_the_add(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=4)
    group = server_ports(emulator)[0]["MediaPortGroupObjectId"]
    vms = emulator.api("GET", "/vmrest/vmsservers").json()["VmsServer"]
    vms = (vms[0] if isinstance(vms, list) else vms)["VmsServerObjectId"]
    # The task's POST waits a second on the server; the other writer's POST goes first.
    emulator.admin.post(emulator.url + "/__emulator__/faults", json={
        "kind": "delay", "ms": 1000, "method": "POST", "path": "/vmrest/ports", "count": 1}).raise_for_status()
    outcome = {}
    task = threading.Thread(target=lambda: outcome.update(run(ports, sip_group, port_group="HQ-SIP", count=6)))
    task.start()
    time.sleep(0.4)
    emulator.api("POST", "/vmrest/ports", headers={"Content-Type": "application/json"}, json={
        "MediaPortGroupObjectId": group, "NumberOfPorts": "2", "VmsServerObjectId": vms})
    task.join(30)
    assert len(server_ports(emulator)) == 6
    assert "2 surplus removed" in outcome["msg"]
    assert len(outcome["ports"]) == 6
    deletes = [r for r in outcome["requests"] if r["method"] == "DELETE"]
    assert len(deletes) == 2 and all("surplus" in r["why"] for r in deletes)
    assert run(ports, sip_group, port_group="HQ-SIP", count=6)["changed"] is False
