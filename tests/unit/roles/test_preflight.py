# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Nothing half-applied: the integration role checks the whole data file against the server
before its first write, and reports every problem at once with its path in the file."""

from __future__ import annotations

import copy

import yaml

from .test_roles import EXAMPLE, playbook

AXL_PW = "Axl-preflight-9"


def example():
    with open(EXAMPLE) as handle:
        return yaml.safe_load(handle.read())


def written(emulator):
    return [e["method"] + " " + e["path"] for e in emulator.requests_log() if e["method"] != "GET"]


def apply(emulator, tmp_path, variables, *extra, check=False):
    path = tmp_path / "vars.yml"
    path.write_text(yaml.safe_dump(variables))
    return playbook(emulator, "apply", "-e", "@%s" % path, "-e", "vault_axl_password=%s" % AXL_PW, *extra,
                    check=check)


def test_every_problem_at_once_and_nothing_written(connection, emulator, tmp_path):
    variables = example()
    hq = variables["cupi_phone_systems"][0]
    hq["port_groups"][0]["settings"]["sip_certificate"] = "nowhere"
    hq["port_groups"][0]["codecs"].append({"name": "G.999"})
    new_sccp = copy.deepcopy(hq["port_groups"][1])
    new_sccp.update(name="CUCM-HQ-SCCP-2")
    del new_sccp["host"], new_sccp["device_prefix"]
    hq["port_groups"].append(new_sccp)
    hq["port_groups"][1]["ports"]["vms_server"] = "cuc-sub"
    emulator.clear_log()
    rc, output = apply(emulator, tmp_path, variables, "-e", "cupi_license_ports=10")
    assert rc != 0
    for expected in (
            "cupi_phone_systems[0].port_groups[0].settings.sip_certificate: no SIP certificate nowhere on the server "
            "or in cupi_sip_certificates",
            "cupi_phone_systems[0].port_groups[0].codecs[2].name: the server has no codec G.999",
            "cupi_phone_systems[0].port_groups[1].ports.vms_server: the server has no VMS server cuc-sub; it has "
            "cuc-pub",
            "cupi_phone_systems[0].port_groups[2].host: needed to create port group CUCM-HQ-SCCP-2",
            "cupi_phone_systems[0].port_groups[2].device_prefix: needed to create port group CUCM-HQ-SCCP-2",
            "the port groups would have 18 voice messaging ports in all; the licence allows 10"):
        assert expected in output, expected
    assert "nothing was changed: " in output
    assert written(emulator) == []


def test_a_certificate_in_the_file_is_not_a_dangling_reference(connection, emulator, tmp_path):
    """The example names a certificate it also lists: the dry run and the apply go through."""
    emulator.clear_log()
    rc, output = apply(emulator, tmp_path, example(), "--check")
    assert rc == 0, output[-2000:]
    assert written(emulator) == []


def test_placeholders_never_reach_the_server(connection, emulator, tmp_path):
    variables = example()
    variables["cupi_phone_systems"][0]["port_groups"][0]["settings"].update(
        sip_authenticate=True, sip_authenticate_password="CHANGE-ME-secret-not-exported")
    emulator.clear_log()
    path = tmp_path / "vars.yml"
    path.write_text(yaml.safe_dump(variables))
    rc, output = playbook(emulator, "apply", "-e", "@%s" % path, "-e", "vault_axl_password=change-me", check=False)
    assert rc != 0
    assert "cupi_phone_systems[0].axl_servers[0].password: a placeholder (change-me), not a password" in output
    assert "cupi_phone_systems[0].axl_servers[1].password: a placeholder (change-me)" in output
    assert ("cupi_phone_systems[0].port_groups[0].settings.sip_authenticate_password: a placeholder "
            "(CHANGE-ME-secret-not-exported)") in output
    assert written(emulator) == []


def test_an_unedited_export_names_every_secret_to_define(connection, emulator, tmp_path):
    apply(emulator, tmp_path, example())
    export = tmp_path / "export.yml"
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % export)
    exported = yaml.safe_load(export.read_text())
    names = ["cupi_secret_axl_cucm_hq_10_1_1_10", "cupi_secret_axl_cucm_hq_10_1_1_11"]
    assert exported["cupi_secrets_required"] == names
    assert exported["cupi_phone_systems"][0]["axl_servers"][0]["password"] == "{{ %s }}" % names[0]

    emulator.reset()
    rc, output = playbook(emulator, "apply", "-e", "@%s" % export, check=False)
    assert rc != 0
    assert "define %s, %s first" % tuple(names) in output
    assert emulator.requests_log() == []

    playbook(emulator, "apply", "-e", "@%s" % export, "-e", "%s=New-a-1" % names[0], "-e", "%s=New-b-2" % names[1])
    system = emulator.phone_systems()[0]
    servers = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system["ObjectId"]).json()["AXLServer"]
    assert sorted(emulator.axl_password(s["ObjectId"]) for s in servers) == ["New-a-1", "New-b-2"]
