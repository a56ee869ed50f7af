# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drift and export as an audit, as a user runs them (ansible-playbook) against the
emulator: an export describes a server whose ports differ from each other, drift names
every change made behind its back with both values, lists what the file does not name,
writes JSON, JUnit and Markdown reports, and two clusters compare side by side."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
import yaml

from ..conftest import Emulator
# Fixtures.
from .test_schema import validator  # noqa: F401 pylint: disable=unused-import
from .test_roles import AXL_PASSWORD, EXAMPLE, playbook, recap
from .test_roles import fast_reset  # noqa: F401 pylint: disable=unused-import


def one(emulator, path, root, **query):
    """The one object of ``path`` whose fields equal ``query``."""
    body = emulator.api("GET", path).json().get(root, [])
    rows = body if isinstance(body, list) else [body]
    matches = [r for r in rows if all(r.get(k) == v for k, v in query.items())]
    assert len(matches) == 1, (path, query, rows)
    return matches[0]


def ports_of(emulator, group):
    rows = emulator.api("GET", "/vmrest/ports").json().get("Port", [])
    rows = rows if isinstance(rows, list) else [rows]
    return sorted((r for r in rows if r["MediaPortGroupObjectId"] == group["ObjectId"]),
                  key=lambda r: int(r["PortNumInGroup"]))


@pytest.fixture
def exported(connection, fast_reset, tmp_path):
    """The example applied, two ports of CUCM-HQ-SIP changed by hand (they answer no calls),
    exported; returns (emulator, export file, secrets file)."""
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    group = one(emulator, "/vmrest/portgroups", "PortGroup", DisplayName="CUCM-HQ-SIP")
    for port in ports_of(emulator, group)[6:]:
        emulator.api("PUT", "/vmrest/ports/%s" % port["ObjectId"], json={"CapAnswer": "false"})
    export = tmp_path / "cuc.yml"
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % export)
    variables = yaml.safe_load(export.read_text())
    secrets = tmp_path / "secrets.yml"
    secrets.write_text(yaml.safe_dump(dict((n, "Pw-1") for n in variables["cupi_secrets_required"])))
    return emulator, export, secrets


def test_export_describes_ports_that_differ_and_drift_then_reports_nothing(exported, tmp_path,
                                                                          validator):  # noqa: F811
    emulator, export, secrets = exported
    variables = yaml.safe_load(export.read_text())
    sip = variables["cupi_phone_systems"][0]["port_groups"][1]
    assert sip["name"] == "CUCM-HQ-SIP"
    assert sip["ports"]["count"] == 8 and sip["ports"]["answer_calls"] is True
    assert sip["ports"]["overrides"] == [{"ports": "7-8", "answer_calls": False}]
    assert list(validator.iter_errors(variables)) == []  # the editors' schema takes it

    emulator.clear_log()
    report = tmp_path / "clean.json"
    _rc, output = playbook(emulator, "drift", "-e", "@%s" % export, "-e", "@%s" % secrets,
                           "-e", "cupi_drift_fail=true", "-e", "cupi_drift_report_json=%s" % report)
    assert "no drift" in output
    assert recap(output)["changed"] == 0, output
    clean = json.loads(report.read_text())["clusters"][0]
    assert clean["drift"] is False and clean["differences"] == [] and clean["unmanaged"] == []
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []

    # Applying the export changes nothing either: ports 7 and 8 keep answering no calls.
    _rc, output = playbook(emulator, "apply", "-e", "@%s" % export, "-e", "@%s" % secrets)
    assert recap(output)["changed"] == 0


def behind_its_back(emulator):
    """The six changes of a night: a new phone system, an AXL port 443 to 8443, one port's
    hunt order, a port group setting, a port group server's port, a codec removed."""
    emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": "LAB-CUCM"})
    system = one(emulator, "/vmrest/phonesystems", "PhoneSystem", DisplayName="CUCM-HQ")
    axl_path = "/vmrest/phonesystems/%s/axlservers" % system["ObjectId"]
    axl = one(emulator, axl_path, "AXLServer", HostOrIPAddress="10.1.1.10")
    assert axl["Port"] == "443"
    emulator.api("PUT", "%s/%s" % (axl_path, axl["ObjectId"]), json={
        "MediaSwitchObjectId": system["ObjectId"], "HostOrIPAddress": "10.1.1.10", "Port": "8443"})
    group = one(emulator, "/vmrest/portgroups", "PortGroup", DisplayName="CUCM-HQ-SIP")
    port = ports_of(emulator, group)[2]
    emulator.api("PUT", "/vmrest/ports/%s" % port["ObjectId"], json={"HuntOrder": "7"})
    emulator.api("PUT", "/vmrest/portgroups/%s" % group["ObjectId"], json={"DtmfDialInterDigitDelayMs": "250"})
    servers = "/vmrest/portgroups/%s/portgroupservers" % group["ObjectId"]
    server = one(emulator, servers, "PortGroupServer", HostOrIPAddress="10.1.1.11")
    emulator.api("PUT", "%s/%s" % (servers, server["ObjectId"]), json={
        "MediaPortGroupObjectId": group["ObjectId"], "HostOrIPAddress": "10.1.1.11", "Port": "5070"})
    codecs = "/vmrest/portgroups/%s/portgroupcodecs" % group["ObjectId"]
    definitions = emulator.api("GET", "/vmrest/rtpcodecdefs").json()["RtpCodecDef"]
    g729 = next(d["ObjectId"] for d in definitions if d["DisplayName"] == "G.729")
    codec = one(emulator, codecs, "PortGroupCodec", RtpCodecDefObjectId=g729)
    emulator.api("DELETE", "%s/%s" % (codecs, codec["ObjectId"]))
    return group


# What drift's plain output says of each change, with both values.
LINES = [
    "AXL server 10.1.1.10 of phone system CUCM-HQ: port: server 8443, file 443",
    "port 3 of port group CUCM-HQ-SIP: hunt_order: server 7, file 0",
    "port group CUCM-HQ-SIP: dtmf_dial_inter_digit_delay_ms: server 250, file {delay}",
    "port group server sip_proxy 10.1.1.11 of port group CUCM-HQ-SIP: port: server 5070, file 5060",
    "port group codec G.729 of port group CUCM-HQ-SIP: in file, not on server",
    "phone system LAB-CUCM: on server, not named in file (unmanaged)",
]


def test_drift_names_every_change_with_both_values_and_writes_the_reports(exported, tmp_path):
    emulator, export, secrets = exported
    behind_its_back(emulator)
    files = dict(json=tmp_path / "drift.json", junit=tmp_path / "drift.xml", markdown=tmp_path / "drift.md")
    emulator.clear_log()
    rc, output = playbook(emulator, "drift", "-e", "@%s" % export, "-e", "@%s" % secrets, "-e", "cupi_drift_fail=true",
                          *["-e=cupi_drift_report_%s=%s" % (k, v) for k, v in files.items()], check=False)
    assert rc != 0  # cupi_drift_fail
    assert "--diff" not in output
    delay = yaml.safe_load(export.read_text())["cupi_phone_systems"][0]["port_groups"][1]["settings"][
        "dtmf_dial_inter_digit_delay_ms"]
    assert delay != 250
    for line in LINES:
        assert line.format(delay=delay) in output, line
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []

    report = json.loads(files["json"].read_text())["clusters"][0]
    assert report["cluster"] == "localhost" and report["drift"] is True
    assert len(report["differences"]) == 5
    assert [u["object"] for u in report["unmanaged"]] == ["phone system LAB-CUCM"]

    suites = ElementTree.parse(str(files["junit"])).getroot()
    cases = suites.findall("testsuite/testcase")
    failed = dict((c.get("name"), c.find("failure").text) for c in cases if c.find("failure") is not None)
    assert sorted(failed) == sorted([
        "AXL server 10.1.1.10 of phone system CUCM-HQ", "ports of port group CUCM-HQ-SIP", "port group CUCM-HQ-SIP",
        "port group server sip_proxy 10.1.1.11 of port group CUCM-HQ-SIP",
        "port group codec G.729 of port group CUCM-HQ-SIP"])
    assert "hunt_order: server 7, file 0" in failed["ports of port group CUCM-HQ-SIP"]
    skipped = [c.get("name") for c in cases if c.find("skipped") is not None]
    assert skipped == ["phone system LAB-CUCM"]
    assert int(suites.get("failures")) == 5 and int(suites.get("tests")) == len(cases)
    assert any(c.get("name") == "phone system PBX-BRANCH" and len(c) == 0 for c in cases)  # a passing case

    markdown = files["markdown"].read_text()
    assert "| AXL server 10.1.1.10 of phone system CUCM-HQ | port | 8443 | 443 |" in markdown
    assert "| port 3 of port group CUCM-HQ-SIP | hunt_order | 7 | 0 |" in markdown
    assert "LAB-CUCM" in markdown


def test_scope_limits_a_run_to_some_phone_systems(exported):
    emulator, export, secrets = exported
    behind_its_back(emulator)
    _rc, output = playbook(emulator, "drift", "-e", "@%s" % export, "-e", "@%s" % secrets,
                           "-e", '{"cupi_scope_phone_systems": ["PBX-BRANCH"], "cupi_drift_fail": true}')
    assert "no drift" in output
    assert "CUCM-HQ-SIP" not in output.split("TASK [cupi.telephony.integration : What differs]")[1]
    assert "LAB-CUCM" not in output


@pytest.fixture
def second_cluster(tmp_path_factory):
    emulator = Emulator(tmp_path_factory.mktemp("dr"), "--basic-auth-limit", "0")
    yield emulator
    emulator.stop()


def test_compare_two_clusters_and_a_cluster_with_an_export(exported, second_cluster, tmp_path):
    """Production (the emulator of the fixture) against its disaster-recovery cluster, built
    from production's export with one setting of its own."""
    production, export, secrets = exported
    dr = second_cluster
    env_dr = ["-e", "cupi_port=%d" % dr.port, "-e", "cupi_ca_path=%s" % dr.ca_path]
    playbook(dr, "apply", "-e", "@%s" % export, "-e", "@%s" % secrets)
    system = one(dr, "/vmrest/phonesystems", "PhoneSystem", DisplayName="CUCM-HQ")
    dr.api("PUT", "/vmrest/phonesystems/%s" % system["ObjectId"], json={"CallLoopGuardTimeMs": "4000"})

    hosts = tmp_path / "hosts.yml"
    hosts.write_text(yaml.safe_dump({"all": {"hosts": {
        "prod": dict(cupi_port=production.port, cupi_ca_path=production.ca_path),
        "dr": dict(cupi_port=dr.port, cupi_ca_path=dr.ca_path)}}}))
    junit = tmp_path / "compare.xml"
    _rc, output = playbook(dr, "compare", "-i", str(hosts), "-e", "cupi_hosts=dr", "-e", "cupi_compare_reference=prod",
                           "-e", "cupi_drift_report_junit=%s" % junit)
    assert "phone system CUCM-HQ: call_loop_guard_time_ms: dr 4000, prod 3000" in output
    failed = [c.get("name") for c in ElementTree.parse(str(junit)).getroot().iter("testcase")
              if c.find("failure") is not None]
    assert failed == ["phone system CUCM-HQ"]

    # The same with production's export as the reference, and no secret defined.
    dr.clear_log()
    _rc, output = playbook(dr, "compare", "-e", "cupi_compare_file=%s" % export, *env_dr)
    assert "phone system CUCM-HQ: call_loop_guard_time_ms: 127.0.0.1 4000, cuc.yml 3000" in output
    assert [e for e in dr.requests_log() if e["method"] != "GET"] == []


def test_the_report_lists_the_requests_a_dry_run_would_send_and_an_apply_sends(fast_reset, tmp_path):
    """``requests`` in the report: a dry run on an empty server lists the writes an apply
    would make and sends none; the apply then sends them, in the order the report gives."""
    emulator = fast_reset
    emulator.clear_log()
    dry_report, real_report = tmp_path / "dry.json", tmp_path / "real.json"
    playbook(emulator, "drift", "-e", "@" + EXAMPLE, "-e", "cupi_drift_report_json=%s" % dry_report)
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []
    dry = json.loads(dry_report.read_text())["clusters"][0]["requests"]
    assert dry and all(r["why"] for r in dry)
    assert "/vmrest/phonesystems/(new)/axlservers" in [r["path"] for r in dry]

    emulator.clear_log()
    playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "cupi_drift_report_json=%s" % real_report)
    real = json.loads(real_report.read_text())["clusters"][0]["requests"]
    sent = [(e["method"], e["path"]) for e in emulator.requests_log() if e["method"] != "GET"]
    assert [(r["method"], r["path"]) for r in real] == sent
    # The dry run named the same writes, but for the ids that did not exist yet; under a new
    # port group it takes the children as none (a new group's own server and codecs are the
    # server's), so those and the ports are compared apart.

    def objects(requests):
        return [(r["method"], r["path"].split("/")[2], r["why"]) for r in requests
                if "/portgroups/" not in r["path"] and r["path"] != "/vmrest/ports"]
    assert objects(dry) == objects(real)
    assert [r["body"]["NumberOfPorts"] for r in dry if r["path"] == "/vmrest/ports"] == [
        r["body"]["NumberOfPorts"] for r in real if r["path"] == "/vmrest/ports"]
    assert "(secret)" in json.dumps(real) and AXL_PASSWORD not in json.dumps(real) + json.dumps(dry)
