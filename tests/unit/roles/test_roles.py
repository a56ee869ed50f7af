# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The integration and export roles through the collection's playbooks, as a user runs
them (ansible-playbook), against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.modules import phone_system

REPO = os.path.abspath(os.path.join(os.path.dirname(phone_system.__file__), "..", ".."))
COLLECTIONS = os.path.abspath(os.path.join(REPO, "..", "..", ".."))
EXAMPLE = os.path.join(REPO, "examples", "integration.yml")
# The example takes its AXL password from vault_axl_password, which has no default.
AXL_PASSWORD = "Test-axl-pw-1"
AXL_PASSWORD_VAR = "vault_axl_password=%s" % AXL_PASSWORD


def playbook(emulator, name, *args, check=True, secrets=True):
    """ansible-playbook cupi.telephony.<name> against the emulator. A run that uses the
    example gets its AXL password (``-e vault_axl_password=...`` first, so that a test's own
    ``-e vault_axl_password=...`` wins), unless ``secrets`` is false."""
    args = list(args)
    if secrets and "@" + EXAMPLE in args:
        args = ["-e", AXL_PASSWORD_VAR] + args
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_STDOUT_CALLBACK="default")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "cupi.telephony.%s" % name]
    process = subprocess.run(command + args, env=env, capture_output=True, text=True, timeout=300,
                             check=False, cwd=REPO)
    output = process.stdout + process.stderr
    if check:
        assert process.returncode == 0, output[-3000:]
    return process.returncode, output


def warnings(output):
    """Ansible's warnings in a run's output, but those of running with no inventory."""
    return [line for line in output.splitlines() if "WARNING]" in line
            and "No inventory was parsed" not in line and "provided hosts list is empty" not in line]


def recap(output):
    match = re.search(r"^localhost\s+:\s+(.*)$", output, re.M)
    return dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", match.group(1)))


@pytest.fixture
def fast_reset(emulator):
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 0.2}).raise_for_status()
    yield emulator
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 2}).raise_for_status()


def test_example_converges_then_nothing_changes(connection, fast_reset):
    emulator = fast_reset
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    assert recap(output)["changed"] > 0
    assert "AXL servers of CUCM-HQ: 2 added" in output
    # An apply of the example warns of nothing (no templated task args, no deprecation).
    assert warnings(output) == []
    assert AXL_PASSWORD not in output  # the AXL password of the example is hidden
    system = next(s for s in emulator.phone_systems() if s["DisplayName"] == "CUCM-HQ")
    servers = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system["ObjectId"]).json()["AXLServer"]
    assert [emulator.axl_password(s["ObjectId"]) for s in servers] == [AXL_PASSWORD, AXL_PASSWORD]
    body = emulator.api("GET", "/vmrest/portgroups").json()["PortGroup"]
    assert sorted(g["DisplayName"] for g in body) == ["CUCM-HQ-SCCP", "CUCM-HQ-SIP", "PBX-BRANCH-PIMG"]
    assert all(g["ResetStatusEnum"] == "0" for g in body)
    assert sorted(int(g["PortCount"]) for g in body) == [2, 4, 8]

    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    assert recap(output)["changed"] == 0
    # Only the one a re-apply owes: the AXL passwords given for servers that exist are not sent.
    assert [w for w in warnings(output) if "password not compared or sent" not in w] == []
    assert re.findall(r"^changed:", output, re.M) == []
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []

    _rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_fail=true")
    assert "no drift" in output


@pytest.mark.parametrize("args", [[], ["--check"]])
def test_example_without_its_password_fails_before_any_request(connection, emulator, args):
    """The example has no default for vault_axl_password: without it an apply (or its dry
    run, which shows what it would send) sends nothing (no placeholder password reaches a
    server) and the error names the variable. An audit needs no secret
    (test_audit_without_secrets.py)."""
    emulator.clear_log()
    rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, *args, check=False, secrets=False)
    assert rc != 0
    assert "vault_axl_password" in output
    assert emulator.requests_log() == []
    assert emulator.phone_systems() == []


def test_drift_lists_a_change_made_behind_its_back(connection, fast_reset):
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    group = emulator.api("GET", "/vmrest/portgroups", params={"query": "(DisplayName is CUCM-HQ-SIP)"}).json()
    emulator.api("PUT", "/vmrest/portgroups/%s" % group["PortGroup"]["ObjectId"], json={"EnableMWI": "false"})
    emulator.clear_log()
    rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_fail=true", check=False)
    assert rc != 0
    assert "port group CUCM-HQ-SIP: enable_mwi: server false, file true" in output
    assert "drift on 127.0.0.1: 1 difference in 1 of " in output
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []  # check mode wrote nothing


def test_export_apply_export_round_trip(connection, fast_reset, tmp_path):
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    first, second = tmp_path / "first.yml", tmp_path / "second.yml"
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % first)
    exported = yaml.safe_load(first.read_text())
    assert [s["name"] for s in exported["cupi_phone_systems"]] == ["CUCM-HQ", "PBX-BRANCH"]
    secret = "cupi_secret_axl_cucm_hq_10_1_1_10"
    assert exported["cupi_phone_systems"][0]["axl_servers"][0]["password"] == "{{ %s }}" % secret
    secrets = tmp_path / "secrets.yml"
    secrets.write_text(yaml.safe_dump(dict((name, "Pw-%d" % index) for index, name in enumerate(
        exported["cupi_secrets_required"]))))

    emulator.reset()  # an empty server
    playbook(emulator, "apply", "-e", "@%s" % first, "-e", "@%s" % secrets)
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % second)
    # The same file but for the header's time of export.
    assert second.read_text().splitlines()[2:] == first.read_text().splitlines()[2:]
    assert first.read_text().splitlines()[1].startswith("# Unity Connection telephony integration of 127.0.0.1, ")
    _rc, output = playbook(emulator, "apply", "-e", "@%s" % first, "-e", "@%s" % secrets)
    assert recap(output)["changed"] == 0


@pytest.mark.parametrize("variables, message", [
    ({"cupi_phone_systems": [{"name": "X", "colour": "red"}]}, "colour"),
    ({"cupi_phone_systems": [{"name": "X", "settings": {"call_loop_guard_time": 3}}]}, "call_loop_guard_time"),
    ({"cupi_phone_systems": [{"name": "X", "port_groups": [{"name": "P", "settings": {"enable_mwi": "maybe"}}]}]},
     "enable_mwi"),
    ({"cupi_phone_systems": [{"name": "X", "port_groups": "many"}]}, "port_groups"),
    ({"cupi_phone_systems": [{"name": "X", "port_groups": [{"name": "P", "integration": "h323"}]}]},
     "integration"),
    ({"cupi_phone_systems": [{"name": "X", "port_groups": [{"name": "P", "ports": {"count": 7}}]}]},
     "port group P: ports.count must be an even number (ports come in pairs), got 7"),
])
def test_wrong_variables_fail_before_any_request(connection, emulator, tmp_path, variables, message):
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(yaml.safe_dump(variables))
    emulator.clear_log()
    rc, output = playbook(emulator, "apply", "-e", "@%s" % vars_file, check=False)
    assert rc != 0
    assert message in output
    assert emulator.requests_log() == []


def test_role_files_follow_the_modules_options():
    tool = os.path.join(REPO, "tools", "gen_integration_role.py")
    process = subprocess.run([sys.executable, tool, "--check"], capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr


def test_relative_export_file_lands_in_the_working_directory(connection, emulator, tmp_path):
    env_cwd = tmp_path / "work"
    env_cwd.mkdir()
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
               PWD=str(env_cwd))
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                              "cupi.telephony.export", "-e", "cupi_export_file=out.yml"],
                             env=env, cwd=str(env_cwd), capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode == 0, process.stdout[-2000:]
    assert yaml.safe_load((env_cwd / "out.yml").read_text())["cupi_phone_systems"] == []


def test_password_rotation(connection, fast_reset, tmp_path):
    """A new AXL password in the variables is not seen (the server never returns one) until
    cupi_update_passwords sends it."""
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "vault_axl_password=Old-pw-1")
    system = emulator.phone_systems()[0]
    servers = emulator.api("GET", "/vmrest/phonesystems/%s/axlservers" % system["ObjectId"]).json()["AXLServer"]
    ids = [s["ObjectId"] for s in servers]
    assert [emulator.axl_password(i) for i in ids] == ["Old-pw-1", "Old-pw-1"]

    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "vault_axl_password=New-pw-2")
    assert recap(output)["changed"] == 0
    assert [emulator.axl_password(i) for i in ids] == ["Old-pw-1", "Old-pw-1"]
    # ... but not in silence: the run names what it did not send, and how to send it.
    assert ("passwords not compared or sent (the objects exist and update_password is on_create; the server "
            "never returns a password): AXL server 10.1.1.10 of phone system CUCM-HQ, AXL server 10.1.1.11 of "
            "phone system CUCM-HQ; to send them (a rotation), run with -e cupi_update_passwords=true") in output

    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "vault_axl_password=New-pw-2",
                           "-e", "cupi_update_passwords=true")
    assert recap(output)["changed"] > 0
    assert "AXL servers of CUCM-HQ: 0 added, 2 updated, 0 removed" in output
    assert [emulator.axl_password(i) for i in ids] == ["New-pw-2", "New-pw-2"]
    assert "New-pw-2" not in output and "Old-pw-1" not in output
    assert "passwords not compared or sent" not in output


def test_dry_run_on_an_empty_server(connection, emulator):
    """drift on a new site predicts every create and the resets that follow, writes nothing
    and exits 0."""
    emulator.clear_log()
    _rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE)
    assert "port group CUCM-HQ-SIP: in file, not on server" in output
    # Not the PIMG group: the dry run knows the template's codecs and its one server, which no
    # task changes (test_dry_run_matrix.py proves the real run resets the same two).
    assert "then: reset 2 port groups: CUCM-HQ-SIP, CUCM-HQ-SCCP" in output
    assert [e["method"] for e in emulator.requests_log() if e["method"] != "GET"] == []
    assert emulator.phone_systems() == []


def test_reset_policy(connection, fast_reset, tmp_path):
    """New port groups are reset (they carry no calls yet); an existing one that a change
    leaves needing a reset is only named, until the policy says otherwise."""
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    variables = yaml.safe_load(open(EXAMPLE).read())
    variables["cupi_phone_systems"][0]["port_groups"][0]["settings"]["sip_transport_protocol"] = "udp"
    changed = tmp_path / "udp.yml"
    changed.write_text(yaml.safe_dump(variables))

    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "-e", "@%s" % changed, "-e", AXL_PASSWORD_VAR)
    assert "1 port group left needing a reset: CUCM-HQ-SIP" in output
    assert "port groups waiting for a reset (not reset by cupi_reset_policy): CUCM-HQ-SIP" in output
    assert [e["path"] for e in emulator.requests_log() if e["path"].endswith("/reset")] == []
    group = emulator.api("GET", "/vmrest/portgroups", params={"query": "(DisplayName is CUCM-HQ-SIP)"}).json()
    assert group["PortGroup"]["ResetStatusEnum"] == "100"

    _rc, output = playbook(emulator, "drift", "-e", "@%s" % changed, "-e", AXL_PASSWORD_VAR)
    assert "port group CUCM-HQ-SIP: waiting for a reset" in output

    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "-e", "@%s" % changed, "-e", AXL_PASSWORD_VAR,
                           "-e", "cupi_reset_policy=required")
    assert "reset 1 port group: CUCM-HQ-SIP" in output
    assert len([e for e in emulator.requests_log() if e["path"].endswith("/reset")]) == 1
    group = emulator.api("GET", "/vmrest/portgroups", params={"query": "(DisplayName is CUCM-HQ-SIP)"}).json()
    assert group["PortGroup"]["ResetStatusEnum"] == "0"


def test_what_the_variables_mark_absent_is_removed_last_and_once(connection, fast_reset, tmp_path):
    """state: absent on a phone system and a port group: drift names each as a removal and
    removes nothing; apply removes them with what hangs under them (the removal stage is
    included only when something is marked absent); the next apply changes nothing."""
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    variables = yaml.safe_load(open(EXAMPLE).read())
    variables["cupi_phone_systems"][1]["state"] = "absent"
    variables["cupi_phone_systems"][0]["port_groups"][1]["state"] = "absent"
    removing = tmp_path / "removing.yml"
    removing.write_text(yaml.safe_dump(variables))

    _rc, output = playbook(emulator, "drift", "-e", "@%s" % removing, "-e", AXL_PASSWORD_VAR)
    assert "phone system PBX-BRANCH: on server, not in file" in output
    assert "port group CUCM-HQ-SCCP: on server, not in file" in output
    assert len(emulator.phone_systems()) == 2  # drift removed nothing

    _rc, output = playbook(emulator, "apply", "-e", "@%s" % removing, "-e", AXL_PASSWORD_VAR)
    assert "phone system PBX-BRANCH deleted with 1 port group (PBX-BRANCH-PIMG) and 2 ports" in output
    assert "port group CUCM-HQ-SCCP deleted with 4 ports" in output
    assert [s["DisplayName"] for s in emulator.phone_systems()] == ["CUCM-HQ"]
    groups = emulator.api("GET", "/vmrest/portgroups").json()["PortGroup"]
    groups = groups if isinstance(groups, list) else [groups]
    assert [g["DisplayName"] for g in groups] == ["CUCM-HQ-SIP"]

    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "-e", "@%s" % removing, "-e", AXL_PASSWORD_VAR)
    assert recap(output)["changed"] == 0
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []
