# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Voice messaging ports, and the SIP certificate's key material kept out of every
output, against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, ports
from ansible_collections.cupi.telephony.tests.unit.module_run import run


def server_ports(emulator):
    body = emulator.api("GET", "/vmrest/ports").json()
    items = body.get("Port", [])
    return sorted(items if isinstance(items, list) else [items], key=lambda p: int(p["PortNumInGroup"]))


def log_methods(emulator):
    return [e["method"] for e in emulator.requests_log()]


@pytest.fixture
def sip_group(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    return connection


def test_grow_and_shrink_with_one_post_per_growth(sip_group, emulator):
    emulator.clear_log()
    result = run(ports, sip_group, check_mode=True, port_group="HQ-SIP", count=8)
    assert (result["changed"], len(result["ports"])) == (True, 8)
    assert server_ports(emulator) == []

    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", count=8, answer_calls=True)
    assert result["msg"] == "ports of port group HQ-SIP: 8 added, 0 removed, 0 updated"
    assert log_methods(emulator).count("POST") == 1
    assert [p["DisplayName"] for p in server_ports(emulator)] == ["HQ-SIP-%03d" % n for n in range(1, 9)]
    assert run(ports, sip_group, port_group="HQ-SIP", count=8, answer_calls=True)["changed"] is False

    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", count=12, answer_calls=True)
    assert log_methods(emulator).count("POST") == 1
    assert len(server_ports(emulator)) == 12

    by_id = dict((p["ObjectId"], int(p["PortNumInGroup"])) for p in server_ports(emulator))
    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", count=4)
    deleted = [by_id[e["path"].rsplit("/", 1)[-1]] for e in emulator.requests_log() if e["method"] == "DELETE"]
    assert deleted == [12, 11, 10, 9, 8, 7, 6, 5]  # from the highest number down
    assert [p["PortNumInGroup"] for p in server_ports(emulator)] == ["1", "2", "3", "4"]
    assert [p["number"] for p in result["ports"]] == [1, 2, 3, 4]
    assert run(ports, sip_group, port_group="HQ-SIP", count=4)["changed"] is False


def test_only_ports_that_differ_are_updated(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=4)
    first = server_ports(emulator)[0]
    emulator.api("PUT", "/vmrest/ports/%s" % first["ObjectId"], json={"CapAnswer": "false"})
    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", answer_calls=False, mwi=False)
    assert result["msg"] == "ports of port group HQ-SIP: 0 added, 0 removed, 4 updated"
    assert [e["path"] for e in emulator.requests_log() if e["method"] == "PUT"][0] == "/vmrest/ports/%s" % first["ObjectId"]
    assert all(p["CapAnswer"] == "false" and p["CapMWI"] == "false" for p in server_ports(emulator))

    emulator.api("PUT", "/vmrest/ports/%s" % first["ObjectId"], json={"CapEnabled": "false"})
    emulator.clear_log()
    result = run(ports, sip_group, port_group="HQ-SIP", enabled=True, answer_calls=False)
    assert result["msg"] == "ports of port group HQ-SIP: 0 added, 0 removed, 1 updated"
    assert log_methods(emulator).count("PUT") == 1


def test_port_errors_come_before_any_change(sip_group, emulator):
    emulator.clear_log()
    for options, message in [
        (dict(count=3), "count must be an even number of ports (0, 2, 4, ...), got 3"),
        (dict(count=2, vms_server="nope"), "vms_server: VMS server 'nope' not found; on 127.0.0.1: cuc-pub"),
        (dict(count=2, security_mode="encrypted"), "security_mode applies to SCCP port groups only; HQ-SIP is not one"),
        (dict(count=2, hunt_order=10000), "hunt_order must be between 0 and 9999, got 10000"),
    ]:
        with pytest.raises(ModuleFailure) as caught:
            run(ports, sip_group, port_group="HQ-SIP", **options)
        assert caught.value.msg == message
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []

    with pytest.raises(ModuleFailure) as caught:
        run(ports, sip_group, port_group="HQ-SIP", count=252)
    assert caught.value.kwargs["error"]["status"] == 400
    assert "license allows 250" in caught.value.msg
    assert server_ports(emulator) == []


def test_state_absent_removes_every_port(sip_group, emulator):
    run(ports, sip_group, port_group="HQ-SIP", count=6)
    result = run(ports, sip_group, port_group="HQ-SIP", state="absent")
    assert (result["changed"], result["ports"]) == (True, [])
    assert server_ports(emulator) == []
    assert run(ports, sip_group, port_group="HQ-SIP", state="absent")["changed"] is False


PLAYBOOK = textwrap.dedent("""\
    - hosts: localhost
      gather_facts: false
      module_defaults:
        group/cupi.telephony.cupi: {api_format: json}
      tasks:
        - cupi.telephony.sip_certificate: {name: cuc-sip, subject_name: cuc-sip.example.com}
          register: created
        - cupi.telephony.sip_certificate: {name: cuc-sip, subject_name: cuc-sip-2.example.com}
          register: updated
        - cupi.telephony.telephony_info: {gather_subset: [sip_certificates]}
          register: info
        - ansible.builtin.debug: {var: item}
          loop: "{{ [created, updated, info] }}"
    """)


def test_certificate_key_material_never_shown(connection, emulator, tmp_path):
    playbook = tmp_path / "certs.yml"
    playbook.write_text(PLAYBOOK)
    env = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
               CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=os.path.abspath(os.path.join(os.path.dirname(port_group.__file__),
                                                                     "..", "..", "..", "..", "..")))
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    process = subprocess.run([ansible_playbook, "-vvv", "--diff", str(playbook)], env=env, capture_output=True,
                             text=True, timeout=120, check=False)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output[-2000:]
    assert '"name": "cuc-sip"' in output and "cuc-sip-2.example.com" in output
    # The server does hand out the certificate and its private key on every read ...
    body = emulator.api("GET", "/vmrest/sipcertificates").json()["SipCertificate"]
    key_lines = [line for line in body["PrivateKey"].splitlines() if line and "-----" not in line]
    cert_lines = [line for line in body["Certificate"].splitlines() if line and "-----" not in line]
    assert len(key_lines) > 10 and len(cert_lines) > 10
    # ... and none of it reaches what the user sees with -vvv and --diff.
    for marker in ["PRIVATE KEY", "BEGIN CERTIFICATE"] + key_lines + cert_lines:
        assert marker not in output
