# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reports and exports say what they are, and a dry run prints its plan, as an operator
runs the playbooks (ansible-playbook against the emulator): every report names the Unity
Connection server (and the inventory host when it differs), an export starts with the
server, the time and the collection's version and carries no key of another integration,
and ``apply --check`` lists the requests it would send, one line each."""

from __future__ import annotations

import datetime
import json
import re
from xml.etree import ElementTree

import yaml

from ansible_collections.cupi.telephony.plugins.module_utils.resources import PORT_GROUP

from .test_roles import AXL_PASSWORD, EXAMPLE, REPO, playbook, recap
from .test_roles import fast_reset  # noqa: F401 pylint: disable=unused-import

SIP_ONLY = sorted(f.option for f in PORT_GROUP.fields if f.integrations and "sccp" not in f.integrations)


def version():
    with open("%s/galaxy.yml" % REPO) as handle:
        return yaml.safe_load(handle)["version"]


def test_a_dry_run_prints_the_requests_it_would_send_and_the_reports_name_the_server(
        connection, fast_reset, tmp_path):
    emulator = fast_reset
    files = dict(json=tmp_path / "plan.json", junit=tmp_path / "plan.xml", markdown=tmp_path / "plan.md")
    emulator.clear_log()
    _rc, output = playbook(emulator, "apply", "--check", "-e", "@" + EXAMPLE,
                           *["-e=cupi_report_%s=%s" % (k, v) for k, v in files.items()])
    assert [e for e in emulator.requests_log() if e["method"] != "GET"] == []
    report = json.loads(files["json"].read_text())["clusters"][0]
    planned = ["%s %s" % (r["method"], r["path"]) for r in report["requests"]]
    assert planned
    # The default output (no -v) lists every request of the run, one line each, with what for.
    block = output.split("TASK [cupi.telephony.integration : Requests]")[1].split("TASK [")[0]
    assert '"would send %d requests to 127.0.0.1:"' % len(planned) in block
    lines = re.findall(r'^\s+"((?:GET|POST|PUT|DELETE) [^"]*)",?$', block, re.M)
    assert [" ".join(line.split(" ", 2)[:2]).rstrip(":") for line in lines] == planned
    assert "POST /vmrest/phonesystems: phone system CUCM-HQ does not exist" in lines
    assert all(": " in line for line in lines)  # each says what for
    assert AXL_PASSWORD not in output

    # Each report names the server (the play's host is localhost: not named).
    assert report["server"] == "127.0.0.1" and report["title"] == "Drift on 127.0.0.1"
    assert "Drift on 127.0.0.1" in output and "localhost" not in report["title"]
    assert files["markdown"].read_text().startswith("## Drift on 127.0.0.1\n")
    suite = ElementTree.parse(str(files["junit"])).getroot().find("testsuite")
    assert suite.get("name") == "127.0.0.1" and suite.get("hostname") == "127.0.0.1"

    # A real run prints the requests it sent; the older variable names still write the report.
    emulator.clear_log()
    old = tmp_path / "old.json"
    _rc, output = playbook(emulator, "apply", "-e", "@" + EXAMPLE, "-e", "cupi_drift_report_json=%s" % old)
    sent = [e for e in emulator.requests_log() if e["method"] != "GET"]
    assert "Changes on 127.0.0.1" in output
    assert '"sent %d requests to 127.0.0.1:"' % len(sent) in output
    assert json.loads(old.read_text())["clusters"][0]["title"] == "Changes on 127.0.0.1"

    # Nothing to send, nothing listed.
    _rc, output = playbook(emulator, "apply", "--check", "-e", "@" + EXAMPLE)
    assert recap(output)["changed"] == 0
    assert "TASK [cupi.telephony.integration : Requests]" in output
    assert "would send" not in output


def test_an_export_names_the_cluster_time_and_version_and_only_its_integration_keys(
        connection, fast_reset, tmp_path):
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    export = tmp_path / "cuc.yml"
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    playbook(emulator, "export", "-e", "cupi_export_file=%s" % export)
    text = export.read_text()
    header = text.splitlines()[1]
    match = re.match(r"# Unity Connection telephony integration of 127\.0\.0\.1, exported "
                     r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) by cupi\.telephony (\S+)\.$", header)
    assert match, header
    when = datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    assert before <= when <= datetime.datetime.now(datetime.timezone.utc)
    assert match.group(2) == version()

    groups = dict((g["name"], g) for s in yaml.safe_load(text)["cupi_phone_systems"] for g in s["port_groups"])
    assert groups["CUCM-HQ-SCCP"]["integration"] == "sccp"
    sccp = groups["CUCM-HQ-SCCP"]["settings"]
    assert SIP_ONLY and "sip_srtp" in SIP_ONLY and "sip_tls_mode" in SIP_ONLY
    assert [k for k in sccp if k in SIP_ONLY] == [], sccp
    assert "sip_transport_protocol" in groups["CUCM-HQ-SIP"]["settings"]  # a SIP group keeps them
    assert "security_mode" not in groups["CUCM-HQ-SIP"]["ports"]
    assert "security_mode" in groups["CUCM-HQ-SCCP"]["ports"]


def test_with_an_inventory_the_reports_name_the_server_and_the_inventory_host(connection, fast_reset, tmp_path):
    emulator = fast_reset
    playbook(emulator, "apply", "-e", "@" + EXAMPLE)
    hosts = tmp_path / "hosts.yml"
    hosts.write_text(yaml.safe_dump({"cuc": {"hosts": {"hq": dict(cupi_hostname="127.0.0.1")}}}))
    markdown, export = tmp_path / "drift.md", tmp_path / "hq.yml"
    _rc, output = playbook(emulator, "drift", "-i", str(hosts), "-e", "cupi_hosts=cuc", "-e", "@" + EXAMPLE,
                           "-e", "cupi_report_markdown=%s" % markdown, "-e", "cupi_drift_fail=true")
    assert "no drift on 127.0.0.1 (inventory host hq)" in output
    assert markdown.read_text().startswith("## Drift on 127.0.0.1 (inventory host hq)\n")
    playbook(emulator, "export", "-i", str(hosts), "-e", "cupi_hosts=cuc", "-e", "cupi_export_file=%s" % export)
    assert export.read_text().splitlines()[1].startswith(
        "# Unity Connection telephony integration of 127.0.0.1 (inventory host hq), exported ")
