# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Duplicates planted on the server are removed by the next apply, and its report says so."""

from __future__ import annotations

from .test_roles import EXAMPLE, playbook


def test_the_next_apply_removes_a_planted_duplicate_and_reports_it(connection, emulator):
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    system = next(s for s in emulator.phone_systems() if s["DisplayName"] == "CUCM-HQ")["ObjectId"]
    path = "/vmrest/phonesystems/%s/axlservers" % system
    emulator.api("POST", path, headers={"Content-Type": "application/json"}, json={
        "HostOrIPAddress": "10.1.1.11", "MediaSwitchObjectId": system, "MediaRemoteServiceEnum": "103",
        "CcmAXLUser": "axluser", "CcmAXLPassword": "Axl-pw-1", "Port": "443", "Precedence": "9"})
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    assert "AXL servers of CUCM-HQ: 0 added, 0 updated, 1 removed (duplicates removed: 10.1.1.11)" in output
    servers = emulator.api("GET", path).json()["AXLServer"]
    assert sorted(s["HostOrIPAddress"] for s in servers) == ["10.1.1.10", "10.1.1.11"]
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    assert "nothing to change" in output
