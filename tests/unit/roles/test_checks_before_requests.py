# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything checkable is checked before any request, and each error points at the line:
the playbooks run as an operator runs them (ansible-playbook) with a bad variables file,
against the emulator (apply) or a port nobody answers on (check)."""

from __future__ import annotations

import re

from .test_offline_check import check_vars, listener  # noqa: F401 pylint: disable=unused-import
from .test_preflight import apply, example
from .test_roles import AXL_PASSWORD_VAR

SCCP_SERVER = ("cupi_phone_systems[0].port_groups[1] (CUCM-HQ-SCCP).servers[3].type: sip_proxy is not a server "
               "type of an SCCP port group; it takes cucm or tftp")
MISSPELT = ("cupi_phone_systems[0] (CUCM-HQ).port_groups[1] (CUCM-HQ-SCCP).settings.enable_mwii: not an option here "
            "(misspelt?); did you mean enable_mwi")


def failures(output):
    """The failed tasks' lines (what the operator reads)."""
    return [line for line in output.splitlines() if line.startswith("fatal:")]


def misspelt():
    variables = example()
    variables["cupi_phone_systems"][0]["port_groups"][1]["settings"]["enable_mwii"] = True
    return variables


def sip_proxy_on_sccp():
    variables = example()
    variables["cupi_phone_systems"][0]["port_groups"][1]["servers"].append({"type": "sip_proxy", "host": "10.1.1.12"})
    return variables


def test_misspelt_key_apply_names_the_line_and_sends_nothing(connection, emulator, tmp_path):
    emulator.clear_log()
    rc, output = apply(emulator, tmp_path, misspelt())
    assert rc != 0
    assert MISSPELT in output
    assert "Supported parameters include" not in output and "argument_spec_data" not in output
    assert len(failures(output)) == 1 and len(failures(output)[0].encode()) < 1024, failures(output)
    assert emulator.requests_log() == []


def test_misspelt_key_check_names_the_line(listener, tmp_path):  # noqa: F811
    rc, output = check_vars(listener, tmp_path, misspelt(), "-e", AXL_PASSWORD_VAR)
    assert rc != 0
    assert MISSPELT in output
    assert "Supported parameters include" not in output
    assert len(failures(output)) == 1 and len(failures(output)[0].encode()) < 1024, failures(output)


def test_wrong_type_names_the_line(listener, tmp_path):  # noqa: F811
    variables = example()
    variables["cupi_phone_systems"][0]["port_groups"][0]["ports"]["count"] = "four"
    rc, output = check_vars(listener, tmp_path, variables, "-e", AXL_PASSWORD_VAR)
    assert rc != 0
    assert "cupi_phone_systems[0] (CUCM-HQ).port_groups[0] (CUCM-HQ-SIP).ports: argument 'count' is of type str" \
        in output
    assert len(failures(output)[0].encode()) < 1024


def test_server_type_of_another_integration_refused_before_any_request(connection, emulator, tmp_path):
    emulator.clear_log()
    rc, output = apply(emulator, tmp_path, sip_proxy_on_sccp())
    assert rc != 0
    assert SCCP_SERVER in output
    assert "MediaRemoteServiceEnum" not in output
    assert len(failures(output)[0].encode()) < 1024
    assert emulator.requests_log() == []


def test_server_type_of_another_integration_in_the_offline_check(listener, tmp_path):  # noqa: F811
    variables = sip_proxy_on_sccp()
    sip = variables["cupi_phone_systems"][0]["port_groups"][0]
    sip["device_prefix"] = "CiscoUM9-VI"
    sip["ports"]["security_mode"] = "encrypted"
    variables["cupi_phone_systems"][1]["port_groups"][0]["servers"] = [{"type": "tftp", "host": "10.9.9.9"}]
    rc, output = check_vars(listener, tmp_path, variables, "-e", AXL_PASSWORD_VAR)
    assert rc != 0
    for expected in (
            SCCP_SERVER,
            "port group CUCM-HQ-SIP: device_prefix applies to SCCP port groups only",
            "cupi_phone_systems[0].port_groups[0] (CUCM-HQ-SIP).ports.security_mode: applies to SCCP port groups only",
            "port group PBX-BRANCH-PIMG: servers: Unity Connection supports no change to the servers of a PIMG/TIMG"):
        assert expected in output, expected


def test_preflight_takes_the_servers_integration(connection, emulator, tmp_path):
    """A port group whose variables give no integration: the server's decides, in the
    preflight's reads, before any write."""
    apply(emulator, tmp_path, example())
    variables = sip_proxy_on_sccp()
    sccp, sip = variables["cupi_phone_systems"][0]["port_groups"][1], variables["cupi_phone_systems"][0]["port_groups"][0]
    del sccp["integration"], sip["integration"]
    sip["device_prefix"] = "CiscoUM9-VI"
    sip["ports"]["security_mode"] = "encrypted"
    emulator.clear_log()
    rc, output = apply(emulator, tmp_path, variables)
    assert rc != 0
    assert "nothing was changed: " in output
    for expected in (
            SCCP_SERVER,
            "cupi_phone_systems[0].port_groups[0] (CUCM-HQ-SIP).device_prefix: device_prefix applies to SCCP port "
            "groups only; remove it for integration sip (CUCM-HQ-SIP is sip on the server)",
            "cupi_phone_systems[0].port_groups[0] (CUCM-HQ-SIP).ports.security_mode: applies to SCCP port groups "
            "only (SkinnySecurityModeEnum); remove it for integration sip"):
        assert expected in output, expected
    assert len(failures(output)[0].encode()) < 1024
    methods = set(e["method"] for e in emulator.requests_log())
    assert methods == {"GET"}, methods
    assert not re.search(r"portgroupservers", " ".join(e["path"] for e in emulator.requests_log()))
