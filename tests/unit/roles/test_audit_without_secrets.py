# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audits need no secret: drift, check and compare run, as an operator runs them
(ansible-playbook against the emulator), with the example's vault_axl_password and an
export's cupi_secret_... not defined; apply still requires every secret it sends. And a
password given for what exists, not sent (update_password: on_create), is said so."""

from __future__ import annotations

import json

import pytest
import yaml

from .test_roles import AXL_PASSWORD, EXAMPLE, playbook, recap
from .test_roles import fast_reset  # noqa: F401 pylint: disable=unused-import
from .test_offline_check import check, listener  # noqa: F401 pylint: disable=unused-import

NOT_GIVEN = "secrets not defined, taken as not given (an audit sends none): "
ROTATION = ("passwords not compared or sent (the objects exist and update_password is on_create; the server "
            "never returns a password): AXL server 10.1.1.10 of phone system CUCM-HQ, AXL server 10.1.1.11 of "
            "phone system CUCM-HQ; to send them (a rotation), run with -e cupi_update_passwords=true")


def writes(emulator):
    return [(e["method"], e["path"]) for e in emulator.requests_log() if e["method"] != "GET"]


@pytest.fixture
def applied(connection, fast_reset, tmp_path):
    """The example applied (with its password), then exported: (emulator, export file)."""
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    export = tmp_path / "cuc.yml"
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % export)
    assert yaml.safe_load(export.read_text())["cupi_secrets_required"]
    return emulator, export


def test_drift_of_the_example_without_its_password(applied, tmp_path):
    emulator, _export = applied
    emulator.clear_log()
    report = tmp_path / "drift.json"
    rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_fail=true",
                          "-e", "cupi_drift_report_json=%s" % report, secrets=False, check=False)
    assert rc == 0, output[-3000:]
    assert "no drift" in output and "is undefined" not in output
    assert NOT_GIVEN + "vault_axl_password" in output
    assert "passwords not compared or sent" not in output  # none was given
    assert recap(output)["changed"] == 0
    cluster = json.loads(report.read_text())["clusters"][0]
    assert cluster["drift"] is False and cluster["differences"] == [] and cluster["requests"] == []
    assert writes(emulator) == []

    # A change behind its back is found all the same.
    system = emulator.phone_systems()[0]
    emulator.api("PUT", "/vmrest/phonesystems/%s" % system["ObjectId"], json={"CallLoopGuardTimeMs": "4000"})
    emulator.clear_log()
    rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_fail=true",
                          secrets=False, check=False)
    assert rc != 0 and "phone system CUCM-HQ: call_loop_guard_time_ms: server 4000, file 3000" in output
    assert writes(emulator) == []


def test_drift_of_an_export_without_its_secrets(applied, tmp_path):
    emulator, export = applied
    emulator.clear_log()
    report = tmp_path / "drift.json"
    _rc, output = playbook(emulator, "drift", "-e", "@%s" % export, "-e", "cupi_drift_fail=true",
                           "-e", "cupi_drift_report_json=%s" % report)
    assert "no drift" in output and "define cupi_secret" not in output
    assert (NOT_GIVEN + "cupi_secret_axl_cucm_hq_10_1_1_10, cupi_secret_axl_cucm_hq_10_1_1_11") in output
    assert json.loads(report.read_text())["clusters"][0]["drift"] is False
    assert writes(emulator) == []


def test_drift_on_an_empty_server_without_the_password(connection, emulator, tmp_path):
    """A dry run on a new site predicts the AXL servers it would add; it sends nothing."""
    emulator.clear_log()
    report = tmp_path / "dry.json"
    _rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_report_json=%s" % report,
                           secrets=False)
    assert "AXL server 10.1.1.10 of phone system CUCM-HQ: in file, not on server" in output
    assert NOT_GIVEN + "vault_axl_password" in output
    posts = [r for r in json.loads(report.read_text())["clusters"][0]["requests"]
             if r["path"] == "/vmrest/phonesystems/(new)/axlservers"]
    assert len(posts) == 2 and all("CcmAXLPassword" not in r["body"] for r in posts)
    assert writes(emulator) == [] and emulator.phone_systems() == []


def test_compare_with_the_host_holding_the_example_without_its_password(applied, tmp_path):
    """A cluster whose host vars are the example (vault_axl_password not defined) compared
    with its own export."""
    emulator, export = applied
    hosts = tmp_path / "hosts.yml"
    host = yaml.safe_load(open(EXAMPLE).read())
    host.update(cupi_port=emulator.port, cupi_ca_path=emulator.ca_path)
    hosts.write_text(yaml.safe_dump({"all": {"hosts": {"hq": host}}}))
    emulator.clear_log()
    _rc, output = playbook(emulator, "compare", "-i", str(hosts), "-e", "cupi_hosts=hq",
                           "-e", "cupi_compare_file=%s" % export, "-e", "cupi_drift_fail=true")
    assert "no drift: hq matches cuc.yml" in output, output[-2000:]
    assert writes(emulator) == []


def test_check_of_the_example_without_its_password(listener):  # noqa: F811
    rc, output = check(listener, "-e", "@" + EXAMPLE)
    assert rc == 0, output[-3000:]
    assert ("note: secrets not defined yet: vault_axl_password; checked without their values, define them "
            "before applying the file") in output
    assert "the variables are consistent: 2 phone system(s), 3 port group(s), 0 note(s)" in output


@pytest.mark.parametrize("dry_run", [False, True])
def test_apply_still_needs_every_secret_it_sends(connection, emulator, tmp_path, dry_run):
    emulator.clear_log()
    rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, *(["--check"] if dry_run else []),
                          check=False, secrets=False)
    assert rc != 0 and "vault_axl_password" in output
    assert emulator.requests_log() == []

    variables = yaml.safe_load(open(EXAMPLE).read())
    variables["cupi_phone_systems"][0]["axl_servers"][0]["password"] = "{{ cupi_secret_axl_a }}"
    variables["cupi_phone_systems"][0]["axl_servers"][1]["password"] = "{{ cupi_secret_axl_b }}"
    variables["cupi_secrets_required"] = ["cupi_secret_axl_a", "cupi_secret_axl_b"]
    path = tmp_path / "export.yml"
    path.write_text(yaml.safe_dump(variables))
    rc, output = playbook(emulator, "apply", "-e", "@%s" % path, *(["--check"] if dry_run else []), check=False)
    assert rc != 0 and "define cupi_secret_axl_a, cupi_secret_axl_b first" in output
    assert emulator.requests_log() == []


def test_the_apply_says_which_passwords_it_did_not_send(applied):
    emulator, _export = applied
    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    assert recap(output)["changed"] == 0 and writes(emulator) == []
    assert output.count(ROTATION) == 1, output[-3000:]
    assert AXL_PASSWORD not in output

    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, "--check")  # a dry run says the same
    assert ROTATION in output and recap(output)["changed"] == 0

    _rc, output = playbook(emulator, "drift", "-e", "@" + EXAMPLE)  # so does an audit given the password
    assert ROTATION in output

    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "cupi_update_passwords=true")
    assert "passwords not compared or sent" not in output and recap(output)["changed"] > 0


def test_apply_names_every_undefined_password_variable(connection, emulator, tmp_path):
    variables = yaml.safe_load(open(EXAMPLE).read())
    variables["cupi_phone_systems"][0]["axl_servers"][1]["password"] = "{{ vault_axl_password_b }}"
    variables["cupi_phone_systems"][0]["port_groups"][0]["settings"].update(
        sip_authenticate=True, sip_authenticate_as_user="cuc", sip_authenticate_password="{{ vault_sip_password }}")
    path = tmp_path / "two.yml"
    path.write_text(yaml.safe_dump(variables))
    emulator.clear_log()
    rc, output = playbook(emulator, "apply", "-e", "@%s" % path, "-e", "vault_axl_password=Axl-pw-1", check=False)
    assert rc != 0
    assert ("define vault_axl_password_b, vault_sip_password first (for example in a vault file given with -e @): "
            "the passwords of the variables refer to them") in output
    assert emulator.requests_log() == []
