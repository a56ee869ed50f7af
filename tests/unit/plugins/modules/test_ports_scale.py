# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads proportional to what is managed: one group's ports on a server of 5000 ports take a
few requests (its ports by query), not one per hundred ports of the server."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, ports

from ...conftest import PASSWORD, USER, Emulator

GROUPS, PER_GROUP = 100, 50


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """An emulator licensed for 6000 ports, holding 100 port groups of 50 ports each."""
    emulator = Emulator(tmp_path_factory.mktemp("big"), "--basic-auth-limit", "0", "--license-ports", "6000")
    try:
        yield emulator
    finally:
        emulator.stop()


def run(module, emulator, home, run_id, **options):
    params = dict(hostname="127.0.0.1", port=emulator.port, username=USER, password=PASSWORD,
                  ca_path=emulator.ca_path, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return module.Runner(validation.validated_parameters, run_id=run_id).execute()


def test_one_groups_ports_on_a_5000_port_server_take_a_few_requests(big, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    run(phone_system, big, tmp_path, "seed", name="HQ")
    for index in range(GROUPS):
        name = "G%03d" % index
        run(port_group, big, tmp_path, "seed", name=name, phone_system="HQ", integration="sip", host="10.1.1.10")
        run(ports, big, tmp_path, "seed", port_group=name, count=PER_GROUP)
    total = big.api("GET", "/vmrest/ports", params={"rowsPerPage": 0}).json()["@total"]
    assert int(total) == GROUPS * PER_GROUP
    big.clear_log()
    unchanged = run(ports, big, tmp_path, "one-group", port_group="G042", count=PER_GROUP)
    assert unchanged["changed"] is False and len(unchanged["ports"]) == PER_GROUP
    assert len(big.requests_log()) <= 2  # the port groups, the group's ports
    big.clear_log()
    grown = run(ports, big, tmp_path, "grow", port_group="G042", count=PER_GROUP + 2)
    assert grown["changed"] is True and len(grown["ports"]) == PER_GROUP + 2
    log = big.requests_log()
    assert len(log) <= 5, [(e["method"], e["path"]) for e in log]
