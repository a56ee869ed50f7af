# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS is verified by default, and nothing is removed that the user did not name."""

from __future__ import annotations

import yaml

from .helpers import ansible_playbook, drive, ok, playbook_env, writes


# -- TLS ---------------------------------------------------------------------------------------
def test_the_emulators_certificate_without_ca_path_is_refused(connection, emulator):
    connection = dict(connection)
    del connection["ca_path"]
    emulator.clear_log()
    failed, msg, _result = drive("phone_system", connection, name="HQ")
    assert failed
    assert msg.startswith("TLS verification of 127.0.0.1:%d failed: " % emulator.port)
    assert "ca_path" in msg and "validate_certs" in msg
    assert "CERTIFICATE_VERIFY_FAILED" in msg
    assert msg.endswith("(GET /vmrest/phonesystems)")
    assert emulator.phone_systems() == []


def test_verification_is_on_by_default(connection, emulator):
    spec = drive.__globals__["module"]("phone_system").Runner.full_argument_spec()
    assert spec["validate_certs"]["default"] is True and spec["use_ssl"]["default"] is True
    connection = dict((k, v) for k, v in connection.items() if k not in ("ca_path", "validate_certs", "use_ssl"))
    failed, msg, _result = drive("phone_system", connection, name="HQ")
    assert failed and msg.startswith("TLS verification of 127.0.0.1:%d failed" % emulator.port)


def test_with_ca_path_it_works_without_a_warning(connection, emulator):
    result = ok("phone_system", connection, name="HQ")
    assert result["changed"] is True and result["warnings"] == []


def test_without_verification_it_works_with_a_warning(connection, emulator):
    connection = dict(connection, validate_certs=False)
    del connection["ca_path"]
    result = ok("phone_system", connection, name="HQ")
    assert result["changed"] is True
    assert result["warnings"] == ["validate_certs is false: the certificate of 127.0.0.1 is not verified"]


def test_tls_refusal_through_ansible_playbook(emulator, tmp_path):
    play = tmp_path / "tls.yml"
    play.write_text(yaml.safe_dump([{"hosts": "localhost", "connection": "local", "gather_facts": False,
                                     "tasks": [{"name": "no CA", "cupi.telephony.phone_system": {"name": "HQ"}},
                                               ]}]))
    env = playbook_env(emulator, tmp_path)
    env.pop("CUPI_CA_PATH")
    rc, output = ansible_playbook(env, str(play))
    assert rc != 0
    assert "TLS verification of 127.0.0.1:%d failed" % emulator.port in output
    assert "Traceback" not in output
    env["CUPI_VALIDATE_CERTS"] = "false"
    rc, output = ansible_playbook(env, str(play))
    assert rc == 0, output[-2000:]
    assert "validate_certs is false: the certificate of 127.0.0.1 is not verified" in " ".join(output.split())


def test_a_ca_path_that_is_not_pem_is_named_with_openssls_whole_reason(connection, emulator, tmp_path):
    not_pem = tmp_path / "ca.der"
    not_pem.write_bytes(b"not a certificate\n")
    emulator.clear_log()
    failed, msg, _result = drive("phone_system", dict(connection, ca_path=str(not_pem)), name="HQ")
    assert failed
    assert msg == ("TLS verification of 127.0.0.1:%d failed: the CA certificates of ca_path (%s) cannot be loaded: "
                   "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found. Give ca_path the PEM file of "
                   "the CA that signed the server's certificate (or a folder of them), or set validate_certs=false "
                   "to skip verification (not recommended) (GET /vmrest/phonesystems)" % (emulator.port, not_pem))
    assert emulator.requests_log() == []
    assert emulator.phone_systems() == []


def test_a_ca_path_that_is_not_pem_through_ansible_playbook(emulator, tmp_path):
    not_pem = tmp_path / "ca.txt"
    not_pem.write_text("not a certificate\n")
    play = tmp_path / "tls.yml"
    play.write_text(yaml.safe_dump([{"hosts": "localhost", "connection": "local", "gather_facts": False,
                                     "tasks": [{"name": "CA file not PEM",
                                                "cupi.telephony.phone_system": {"name": "HQ"}}]}]))
    env = playbook_env(emulator, tmp_path, CUPI_CA_PATH=str(not_pem))
    rc, output = ansible_playbook(env, str(play))
    assert rc != 0
    text = " ".join(output.split())
    assert ("the CA certificates of ca_path (%s) cannot be loaded: [X509: NO_CERTIFICATE_OR_CRL_FOUND] no "
            "certificate or crl found. Give ca_path the PEM file" % not_pem) in text, output[-2000:]
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in output
    assert "Traceback" not in output


# -- safety --------------------------------------------------------------------------------------
def test_a_phone_system_with_users_is_not_removed_and_they_are_named(connection, emulator):
    ok("phone_system", connection, name="HQ")
    ok("port_group", connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    emulator.seed_association("HQ", "jdoe", "John Doe")
    emulator.seed_association("HQ", "asmith", "Ann Smith")
    failed, msg, _result = drive("phone_system", connection, name="HQ", state="absent")
    assert failed
    assert "jdoe" in msg and "asmith" in msg
    assert [p["DisplayName"] for p in emulator.phone_systems()] == ["HQ"]
    groups = emulator.api("GET", "/vmrest/portgroups").json()
    assert groups["@total"] == "1"


def test_the_role_leaves_alone_what_its_variables_do_not_name(emulator, tmp_path):
    def system(name, pg):
        # settings given (even empty): see test_two_phone_systems_without_settings_are_valid
        return dict(name=name, settings={}, axl_servers=[dict(host="10.0.0.%d" % pg, username="axl", password="x")],
                    port_groups=[dict(name="%s-SIP" % name, integration="sip", host="10.0.0.%d" % pg, settings={},
                                      ports=dict(count=2))])
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_text(yaml.safe_dump(dict(cupi_phone_systems=[system("SITE-A", 1), system("SITE-B", 2)],
                                         cupi_reset=False)))
    second.write_text(yaml.safe_dump(dict(cupi_phone_systems=[system("SITE-A", 1)], cupi_reset=False)))
    env = playbook_env(emulator, tmp_path)
    rc, output = ansible_playbook(env, "cupi.telephony.apply", "-e", "@%s" % first)
    assert rc == 0, output[-3000:]
    before = snapshot(emulator)
    emulator.clear_log()
    rc, output = ansible_playbook(env, "cupi.telephony.apply", "-e", "@%s" % second)
    assert rc == 0, output[-3000:]
    assert writes(emulator.requests_log()) == []
    assert snapshot(emulator) == before
    assert sorted(p["DisplayName"] for p in emulator.phone_systems()) == ["SITE-A", "SITE-B"]


def test_two_phone_systems_without_settings_are_valid(emulator, tmp_path):
    variables = tmp_path / "vars.yml"
    variables.write_text(yaml.safe_dump(dict(cupi_phone_systems=[dict(name="SITE-A"), dict(name="SITE-B")],
                                             cupi_reset=False)))
    rc, output = ansible_playbook(playbook_env(emulator, tmp_path), "cupi.telephony.apply", "-e", "@%s" % variables)
    assert rc == 0, output[-3000:]
    assert sorted(p["DisplayName"] for p in emulator.phone_systems()) == ["SITE-A", "SITE-B"]


def snapshot(emulator):
    def listed(path, key):
        items = emulator.api("GET", path).json().get(key, [])
        return items if isinstance(items, list) else [items]
    systems = listed("/vmrest/phonesystems", "PhoneSystem")
    state = dict(systems=sorted((s["DisplayName"], s["ObjectId"]) for s in systems))
    state["axl"] = sorted((s["DisplayName"], a["HostOrIPAddress"]) for s in systems for a in
                          listed("/vmrest/phonesystems/%s/axlservers" % s["ObjectId"], "AXLServer"))
    groups = listed("/vmrest/portgroups", "PortGroup")
    state["groups"] = sorted((g["DisplayName"], g["ObjectId"], g["PortCount"]) for g in groups)
    state["ports"] = sorted(p["ObjectId"] for p in listed("/vmrest/ports", "Port"))
    return state


def test_a_missing_ca_path_is_named_before_any_request(connection, emulator, tmp_path):
    emulator.clear_log()
    missing = str(tmp_path / "no-such-ca.pem")
    failed, msg, _result = drive("phone_system", dict(connection, ca_path=missing), name="HQ")
    assert failed
    assert msg == ("ca_path: there is no file %s on the controller; give the PEM file of the CA that signed the "
                   "server's certificate (or a folder of them)" % missing)
    assert emulator.requests_log() == []
    # Unused when nothing is verified: not an error then.
    failed, msg, _result = drive("phone_system", dict(connection, ca_path=missing, validate_certs=False), name="HQ")
    assert not failed, msg
