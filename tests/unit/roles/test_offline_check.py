# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cupi.telephony.check playbook: a data file checked with no server, as a user runs it
(ansible-playbook), with a connection that leads to a port nobody answers on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
import yaml

from ansible_collections.cupi.telephony.plugins.filter.integration import export_vars
from ansible_collections.cupi.telephony.plugins.filter.offline import integration_references

from .test_roles import AXL_PASSWORD_VAR, COLLECTIONS, EXAMPLE, REPO
from .test_schema import INFO


@pytest.fixture(scope="module")
def listener():
    """A port that would see any connection the check made (it must make none)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    try:
        connection, _address = sock.accept()
    except BlockingIOError:
        connection = None
    sock.close()
    assert connection is None, "the offline check connected to the server"


def check(listener, *args):
    """ansible-playbook cupi.telephony.check, the connection (variables and environment)
    pointing at ``listener``."""
    port = str(listener.getsockname()[1])
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=port, CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", ANSIBLE_NOCOLOR="1", ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
               ANSIBLE_STDOUT_CALLBACK="default")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "cupi.telephony.check",
               "-e", "cupi_hostname=127.0.0.1", "-e", "cupi_port=%s" % port, "-e", "cupi_timeout=2"]
    process = subprocess.run(command + list(args), env=env, capture_output=True, text=True, timeout=120,
                             check=False, cwd=REPO)
    return process.returncode, process.stdout + process.stderr


def example():
    with open(EXAMPLE) as handle:
        return yaml.safe_load(handle)


def check_vars(listener, tmp_path, variables, *args):
    path = tmp_path / "vars.yml"
    path.write_text(yaml.safe_dump(variables))
    return check(listener, "-e", "@%s" % path, *args)


def test_the_example_passes(listener):
    rc, output = check(listener, "-e", AXL_PASSWORD_VAR, "-e", "@" + EXAMPLE)
    assert rc == 0, output[-3000:]
    assert "the variables are consistent: 2 phone system(s), 3 port group(s), 0 note(s)" in output
    assert "Validating arguments against arg spec 'offline'" in output


def test_an_export_with_its_secrets_undefined_passes_with_a_note(listener, tmp_path):
    rc, output = check_vars(listener, tmp_path, export_vars(INFO))
    assert rc == 0, output[-3000:]
    assert ("note: secrets not defined yet (cupi_secrets_required): cupi_secret_axl_cucm_hq_10_1_1_10, "
            "cupi_secret_axl_cucm_hq_10_1_1_11, cupi_secret_sip_cucm_hq_sip; checked without their values") in output


def test_a_defined_secret_is_not_named(listener, tmp_path):
    rc, output = check_vars(listener, tmp_path, export_vars(INFO), "-e", "cupi_secret_sip_cucm_hq_sip=Sip-pw-1")
    assert rc == 0, output[-3000:]
    assert ("note: secrets not defined yet (cupi_secrets_required): cupi_secret_axl_cucm_hq_10_1_1_10, "
            "cupi_secret_axl_cucm_hq_10_1_1_11;") in output
    assert "Sip-pw-1" not in output


def hq(variables):
    return variables["cupi_phone_systems"][0]


@pytest.mark.parametrize("change, messages", [
    (lambda v: hq(v)["port_groups"][1].update(setings={"enable_mwi": True}),
     ["cupi_phone_systems[0] (CUCM-HQ).port_groups[1] (CUCM-HQ-SCCP).setings: not an option here (misspelt?); did "
      "you mean settings?"]),
    (lambda v: v.update(cupi_sip_certificates=[{"name": "cuc-sip", "subject": "x"}]),
     ["cupi_sip_certificates[0] (cuc-sip).subject: not an option here (misspelt?); did you mean subject_name?"]),
    (lambda v: hq(v)["port_groups"][0]["settings"].update(enable_mwi="maybe"), ["enable_mwi"]),
    (lambda v: hq(v)["port_groups"].append(dict(hq(v)["port_groups"][1])),
     ["cupi_phone_systems port groups: CUCM-HQ-SCCP is listed twice"]),
    (lambda v: hq(v)["port_groups"][0]["settings"].update(mwi_max_concurrent_requests=251),
     ["settings.mwi_max_concurrent_requests must be between 0 and 250, got 251"]),
    (lambda v: hq(v)["port_groups"][0]["ports"].update(count=7),
     ["port group CUCM-HQ-SIP: ports.count must be an even number (ports come in pairs), got 7"]),
    (lambda v: v["cupi_sip_certificates"][0].update(state="absent"),
     ["cupi_phone_systems[0].port_groups[0].settings.sip_certificate: refers to SIP certificate cuc-sip, which "
      "cupi_sip_certificates[0] marks absent"]),
    (lambda v: v["cupi_sip_security_profiles"][0].update(state="absent"),
     ["cupi_phone_systems[0].port_groups[0].settings.sip_security_profile: refers to SIP security profile 5061, "
      "which cupi_sip_security_profiles[0] marks absent"]),
    (lambda v: hq(v)["axl_servers"][1].update(password="change-me"),
     ["cupi_phone_systems[0].axl_servers[1].password: a placeholder (change-me), not a password"]),
    # Every problem at once, each with its path.
    (lambda v: (v["cupi_sip_certificates"][0].update(state="absent"),
                hq(v)["port_groups"][1]["settings"].update(sip_certificate="CUC-SIP"),
                hq(v)["port_groups"][0]["codecs"][0].update(packet_size=25)),
     ["the variables have 3 error(s):",
      "cupi_phone_systems: port group CUCM-HQ-SIP: codecs[0].packet_size must be one of: 10, 20, 30, got: 25",
      "cupi_phone_systems[0].port_groups[0].settings.sip_certificate: refers to SIP certificate cuc-sip",
      "cupi_phone_systems[0].port_groups[1].settings.sip_certificate: refers to SIP certificate CUC-SIP"]),
])
def test_mistakes_fail_naming_them(listener, tmp_path, change, messages):
    variables = example()
    change(variables)
    rc, output = check_vars(listener, tmp_path, variables, "-e", AXL_PASSWORD_VAR)
    assert rc != 0
    for message in messages:
        assert message in output, output[-3000:]


def test_references_the_server_must_satisfy_are_notes(listener, tmp_path):
    """A certificate and a profile the file does not list must exist on the server: the
    check cannot know, so it says so and passes."""
    variables = example()
    variables["cupi_sip_certificates"] = []
    hq(variables)["port_groups"][0]["settings"]["sip_security_profile"] = 5063
    rc, output = check_vars(listener, tmp_path, variables, "-e", AXL_PASSWORD_VAR)
    assert rc == 0, output[-3000:]
    assert ("cupi_phone_systems[0].port_groups[0].settings.sip_certificate: SIP certificate cuc-sip is not in "
            "cupi_sip_certificates; it must already exist on the server") in output
    assert ("cupi_phone_systems[0].port_groups[0].settings.sip_security_profile: SIP security profile 5063 is not "
            "in cupi_sip_security_profiles; it must already exist on the server") in output
    assert "2 note(s)" in output


def test_integration_references():
    systems = [dict(name="A", state="absent", port_groups=[dict(name="A-1", settings=dict(sip_certificate="x"))]),
               dict(name="B", axl_servers=[dict(host="h", password="CHANGE-ME-later")], port_groups=[
                   dict(name="B-1", settings=dict(sip_certificate="Cert", sip_security_profile="5061",
                                                  sip_authenticate_password="changeme")),
                   dict(name="B-2", state="absent", settings=dict(sip_certificate="gone")),
                   dict(name="B-3", settings=dict(sip_security_profile=5062))])]
    result = integration_references(systems, [dict(port=5061), dict(port=5062, state="absent")],
                                    [dict(name="cert")])
    assert result["errors"] == [
        "cupi_phone_systems[1].axl_servers[0].password: a placeholder (CHANGE-ME-later), not a password; "
        "set the real one",
        "cupi_phone_systems[1].port_groups[0].settings.sip_authenticate_password: a placeholder (changeme), not a "
        "password; set the real one",
        "cupi_phone_systems[1].port_groups[2].settings.sip_security_profile: refers to SIP security profile 5062, "
        "which cupi_sip_security_profiles[1] marks absent (it is removed at the end of the run); refer to another "
        "one or keep it present"]
    assert result["notes"] == [
        "cupi_phone_systems[0].port_groups[0]: port group A-1 is removed with its phone system A, which is marked "
        "absent; its settings are not applied"]
    assert integration_references([]) == dict(errors=[], notes=[])
