# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An inventory of two clusters (docs/multi-cluster.md): one host per cluster whose name is
no machine, its connection in host vars, the collection's playbooks run with
``-e cupi_hosts=cuc -f 2``. The export writes one file per cluster and drift compares each
cluster with its own variables; nothing connects to the inventory hosts and no Python is
looked for on them."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from xml.etree import ElementTree

import pytest
import yaml

from ..conftest import PASSWORD, USER, Emulator
from ..reliability.helpers import COLLECTIONS

# Each cluster with something of its own: a phone system and its call loop guard time.
CLUSTERS = {
    "cuc-a": {"DisplayName": "HQ-A", "CallLoopGuardTimeMs": "3000"},
    "cuc-b": {"DisplayName": "BRANCH-B", "CallLoopGuardTimeMs": "4000"},
}
# TEST-NET-1 (RFC 5737): no machine answers there.
NOWHERE = {"cuc-a": "192.0.2.10", "cuc-b": "192.0.2.11"}


@pytest.fixture(scope="module")
def emulators(tmp_path_factory):
    started = {}
    try:
        for host in CLUSTERS:
            started[host] = Emulator(tmp_path_factory.mktemp(host), "--basic-auth-limit", "0")
        yield started
    finally:
        for emulator in started.values():
            emulator.stop()


@pytest.fixture
def clusters(emulators):
    for host, phone_system in CLUSTERS.items():
        emulators[host].reset()
        emulators[host].api("POST", "/vmrest/phonesystems", json=phone_system)
    return emulators


def inventory(path, emulators, style):
    """hosts.yml of group cuc. ``ssh``: the hosts ask for SSH to an address where nothing
    answers (a host variable wins over the play's ``connection: local``). ``discovery``: the
    play's local connection, no interpreter set, so Ansible would discover one on the host."""
    hosts = {}
    for host, emulator in emulators.items():
        hosts[host] = dict(cupi_hostname="127.0.0.1", cupi_port=emulator.port, cupi_username=USER,
                           cupi_password=PASSWORD, cupi_ca_path=emulator.ca_path)
        if style == "ssh":
            hosts[host].update(ansible_connection="ssh", ansible_host=NOWHERE[host], ansible_ssh_timeout=5)
    path.mkdir()
    (path / "hosts.yml").write_text(yaml.safe_dump({"cuc": {"hosts": hosts}}))
    return path


def broken_pythons(path):
    """A folder, first on PATH, whose python3* are no usable Python (as a pyenv shim of a
    version that is not selected): what interpreter discovery finds there fails."""
    path.mkdir()
    for name in ["python3.%d" % minor for minor in range(9, 15)] + ["python3"]:
        script = path / name
        script.write_text("#!/bin/sh\necho \"$0: not the controller's Python\" >&2\nexit 127\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run(work, playbook, *args, path_first=None):
    """ansible-playbook started in ``work`` with no CUPI_* variables: every connection
    comes from the host vars."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("CUPI_"))
    env.update(HOME=str(work), PWD=str(work), ANSIBLE_NOCOLOR="1", ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
               ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_LOCAL_TEMP=str(work / ".ansible" / "tmp"),
               ANSIBLE_HOST_KEY_CHECKING="False")
    if path_first:
        env["PATH"] = "%s:%s" % (path_first, env.get("PATH", ""))
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
               "cupi.telephony.%s" % playbook] + list(args)
    process = subprocess.run(command, env=env, cwd=str(work), capture_output=True, text=True, timeout=300,
                             check=False)
    return process.returncode, process.stdout + process.stderr


def recap(output, host):
    match = re.search(r"^%s\s+:\s+(.*)$" % re.escape(host), output, re.M)
    assert match, "no recap for %s" % host
    return dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", match.group(1)))


@pytest.mark.parametrize("style", ["ssh", "discovery"])
def test_export_and_drift_across_clusters(clusters, tmp_path, style):
    work = tmp_path / "work"
    work.mkdir()
    inventory_dir = inventory(tmp_path / "inventory", clusters, style)
    path_first = broken_pythons(tmp_path / "bin") if style == "discovery" else None
    cuc = ("-i", str(inventory_dir), "-e", "cupi_hosts=cuc", "-f", "2")

    rc, output = run(work, "export", *cuc, path_first=path_first)
    assert rc == 0, output[-4000:]
    assert "192.0.2." not in output and "interpreter" not in output, output[-4000:]
    exported = {}
    for host, phone_system in CLUSTERS.items():
        # The default name, one file per cluster, in the directory ansible-playbook ran in.
        exported[host] = yaml.safe_load((work / ("cupi_telephony_%s.yml" % host)).read_text())
        systems = exported[host]["cupi_phone_systems"]
        assert [s["name"] for s in systems] == [phone_system["DisplayName"]]
        assert systems[0]["settings"]["call_loop_guard_time_ms"] == int(phone_system["CallLoopGuardTimeMs"])
    assert not (work / "cupi_telephony.yml").exists()

    # Each cluster's export as that cluster's desired state.
    (inventory_dir / "host_vars").mkdir()
    for host in CLUSTERS:
        (inventory_dir / "host_vars" / ("%s.yml" % host)).write_text(yaml.safe_dump(exported[host]))
    rc, output = run(work, "drift", *cuc, "-e", "cupi_drift_fail=true", path_first=path_first)
    assert rc == 0, output[-4000:]
    assert output.count("no drift: the server matches the file") == 2
    for host in CLUSTERS:
        assert recap(output, host)["failed"] == 0

    # A change behind the back of one cluster is drift of that cluster only.
    branch = clusters["cuc-b"]
    object_id = branch.phone_systems()[0]["ObjectId"]
    branch.api("PUT", "/vmrest/phonesystems/%s" % object_id, json={"CallLoopGuardTimeMs": "5000"})
    rc, output = run(work, "drift", *cuc, "-e", "cupi_drift_fail=true", "-e", "cupi_drift_report_junit=drift.xml",
                     path_first=path_first)
    assert rc != 0
    assert "phone system BRANCH-B: call_loop_guard_time_ms: server 5000, file 4000" in output, output[-4000:]
    # One JUnit file for the play, a test suite per cluster, the failure in cuc-b's.
    suites = ElementTree.parse(str(work / "drift.xml")).getroot().findall("testsuite")
    # Each suite names the server and, as it differs, the inventory host.
    assert dict((s.get("name"), int(s.get("failures"))) for s in suites) == {
        "127.0.0.1 (inventory host cuc-a)": 0, "127.0.0.1 (inventory host cuc-b)": 1}
    assert [s.get("hostname") for s in suites] == ["127.0.0.1", "127.0.0.1"]
    assert recap(output, "cuc-a")["failed"] == 0
    assert recap(output, "cuc-b")["failed"] == 1


def test_clusters_writing_one_file_fail_before_writing(clusters, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    inventory_dir = inventory(tmp_path / "inventory", clusters, "ssh")
    rc, output = run(work, "export", "-i", str(inventory_dir), "-e", "cupi_hosts=cuc", "-f", "2",
                     "-e", "cupi_export_file=all.yml")
    assert rc != 0
    assert "cuc-a, cuc-b would all write %s: give each cluster its own cupi_export_file" % (work / "all.yml") \
        in output, output[-4000:]
    assert not (work / "all.yml").exists()

    # The host's name in the file's name, given on the command line, is expanded for each host.
    (work / "exports").mkdir()
    rc, output = run(work, "export", "-i", str(inventory_dir), "-e", "cupi_hosts=cuc", "-f", "2",
                     "-e", "cupi_export_file=exports/{{ inventory_hostname }}.yml")
    assert rc == 0, output[-4000:]
    for host, phone_system in CLUSTERS.items():
        exported = yaml.safe_load((work / "exports" / ("%s.yml" % host)).read_text())
        assert [s["name"] for s in exported["cupi_phone_systems"]] == [phone_system["DisplayName"]]
