# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrency: Unity Connection keeps children (ports, port group servers, codecs, AXL
servers) apart by nothing, so a second POST adds a second one. Two applies at once, two hosts
of one run naming the same server, and a create the server commits after the client gave up
must leave no duplicate (docs/reliability.md, "Concurrency")."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import threading
import time

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils import base
from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure
from ansible_collections.cupi.telephony.plugins.module_utils.writer import lock_paths
from ansible_collections.cupi.telephony.plugins.modules import axl_servers, phone_system, port_group, ports

from .helpers import ansible_playbook, playbook_env

AXL = [dict(host="10.0.0.1", username="axl", password="axl-secret-1"),
       dict(host="10.0.0.2", username="axl", password="axl-secret-1")]


def run(module, connection, run_id=None, check_mode=False, **options):
    """A task of the run ``run_id`` (None: a module outside any run), as the action plugin runs it."""
    params = dict(connection, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec()).validate(params)
    assert not validation.error_messages, validation.error_messages
    runner = module.Runner(validation.validated_parameters, check_mode=check_mode, run_id=run_id)
    result = runner.execute()
    result["warnings"] = runner.warnings
    return result


def listed(emulator, path, key):
    items = emulator.api("GET", path).json().get(key, [])
    return items if isinstance(items, list) else [items]


def posts(emulator, pattern):
    return [e for e in emulator.requests_log() if e["method"] == "POST" and re.search(pattern, e["path"])]


@pytest.fixture
def site(emulator, connection):
    """HQ with a SIP port group of 4 ports and two AXL servers, then the server loses them all
    (restored from an old backup, say): a re-apply has to add them again."""
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(ports, connection, port_group="HQ-SIP", count=4)
    run(axl_servers, connection, phone_system="HQ", servers=AXL)
    system_id = emulator.phone_systems()[0]["ObjectId"]
    for port in listed(emulator, "/vmrest/ports", "Port"):
        emulator.api("DELETE", "/vmrest/ports/%s" % port["ObjectId"])
    for server in listed(emulator, "/vmrest/phonesystems/%s/axlservers" % system_id, "AXLServer"):
        emulator.api("DELETE", "/vmrest/phonesystems/%s/axlservers/%s" % (system_id, server["ObjectId"]))
    emulator.clear_log()
    return system_id


@pytest.fixture
def slow(emulator):
    """Every request takes 300 ms, so that two tasks started together overlap for certain, and
    the second waits for the first for longer than a warning's 0.5 s."""
    config = emulator.url + "/__emulator__/config"
    emulator.admin.post(config, json=dict(latency_ms=300)).raise_for_status()
    yield emulator
    emulator.admin.post(config, json=dict(latency_ms=0)).raise_for_status()


def together(*tasks):
    """Run the callables at the same moment, each in its own thread; their results (or errors)."""
    start, results = threading.Barrier(len(tasks)), [None] * len(tasks)

    def work(index, task):
        start.wait()
        try:
            results[index] = task()
        except Exception as exc:  # pylint: disable=broad-except
            results[index] = exc
    threads = [threading.Thread(target=work, args=(n, task)) for n, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for result in results:
        assert isinstance(result, dict), result
    return results


@pytest.mark.parametrize("target", ["ports", "axl_servers"])
def test_two_overlapping_applies_add_once(connection, site, slow, target):
    """Two runs (two AWX jobs) re-apply at the same moment on a server that lost its ports or
    AXL servers: one adds them, the other reads after it and finds them."""
    if target == "ports":
        task = dict(module=ports, port_group="HQ-SIP", count=4)
        path, key, wanted = "/vmrest/ports", "Port", 4
    else:
        task = dict(module=axl_servers, phone_system="HQ", servers=AXL)
        path, key, wanted = "/vmrest/phonesystems/%s/axlservers" % site, "AXLServer", 2
    first, second = together(lambda: run(connection=connection, run_id="job-1", **task),
                             lambda: run(connection=connection, run_id="job-2", **task))
    assert len(listed(slow, path, key)) == wanted
    assert sorted([first["changed"], second["changed"]]) == [False, True]
    assert len(posts(slow, path + "$")) == (1 if target == "ports" else 2)
    waited = [w for r in (first, second) for w in r["warnings"] if w.startswith("waited ")]
    assert len(waited) == 1, (first["warnings"], second["warnings"])
    assert re.match(r"waited \d+\.\d s for another task writing to 127\.0\.0\.1:%d: " % slow.port, waited[0])


def test_a_run_reads_the_server_after_another_run_wrote(connection, site, emulator):
    """Run 2 read the port group (no ports) before run 1 added them: its cached list is older
    than run 1's write, so it reads the server again before deciding, and adds nothing. (Run 1
    speaks JSON, so the two runs keep their lists in two files; the lock is the server's.)"""
    assert run(ports, connection, run_id="job-2", port_group="HQ-SIP")["ports"] == []  # caches PortCount 0
    assert run(ports, dict(connection, api_format="json"), run_id="job-1", port_group="HQ-SIP",
               count=4)["changed"] is True
    again = run(ports, connection, run_id="job-2", port_group="HQ-SIP", count=4)
    assert again["changed"] is False
    assert len(listed(emulator, "/vmrest/ports", "Port")) == 4
    assert len(posts(emulator, "/vmrest/ports$")) == 1


def test_a_run_that_saw_every_write_keeps_its_lists(connection, site, emulator):
    """The lock's record tells a run whether anyone else wrote: the tasks of one run alone read
    each list once, as before."""
    run(ports, connection, run_id="alone", port_group="HQ-SIP", count=4)
    emulator.clear_log()
    assert run(ports, connection, run_id="alone", port_group="HQ-SIP", count=4)["changed"] is False
    assert run(ports, connection, run_id="alone", port_group="HQ-SIP", count=4)["changed"] is False
    # The group's ports read after the add (its own query, after the run's last write) serve both.
    assert [e["path"] for e in emulator.requests_log()] == []


def test_a_run_that_began_after_the_last_write_keeps_what_it_read(connection, site, emulator):
    """A run notes the server's count of writes before its first read: a re-apply that begins
    after another run's writes keeps the lists it read, in its first task that takes the lock
    too (no list read twice)."""
    assert run(ports, connection, run_id="apply", port_group="HQ-SIP", count=4)["changed"] is True
    assert run(ports, connection, run_id="re-apply", check_mode=True, port_group="HQ-SIP", count=4)["changed"] is False
    emulator.clear_log()
    assert run(ports, connection, run_id="re-apply", port_group="HQ-SIP", count=4)["changed"] is False
    assert [e["path"] for e in emulator.requests_log()] == []


def test_a_run_whose_reads_began_before_a_write_reads_again(connection, site, emulator):
    """The count noted before the run's first read is older than another run's write that came
    after it: the writer task reads the server again and adds nothing."""
    assert run(ports, connection, run_id="re-apply", check_mode=True, port_group="HQ-SIP", count=4)["changed"] is True
    assert run(ports, connection, run_id="apply", port_group="HQ-SIP", count=4)["changed"] is True
    emulator.clear_log()
    assert run(ports, connection, run_id="re-apply", port_group="HQ-SIP", count=4)["changed"] is False
    assert [e["method"] for e in emulator.requests_log()] and posts(emulator, "/vmrest/ports$") == []
    assert len(listed(emulator, "/vmrest/ports", "Port")) == 4


PLAY = [dict(
    name="Two inventory hosts that name the same Unity Connection server",
    hosts="cuc",
    gather_facts=False,
    tasks=[
        {"name": "Ports", "cupi.telephony.ports": {"port_group": "HQ-SIP", "count": 4}},
        {"name": "AXL servers", "cupi.telephony.axl_servers": {"phone_system": "HQ", "servers": AXL}},
    ],
)]


def test_two_hosts_of_one_run_on_one_server(connection, site, slow, tmp_path):
    """``-f 2`` with two hosts whose connection is the same server: the hosts are served one
    after the other (the output says so), and nothing is added twice."""
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump(dict(cuc=dict(hosts=dict(
        (name, dict(ansible_connection="local", ansible_python_interpreter="auto_silent"))
        for name in ("cuc-a", "cuc-b"))))))
    playbook = tmp_path / "play.yml"
    playbook.write_text(yaml.safe_dump(PLAY, sort_keys=False))
    rc, output = ansible_playbook(playbook_env(slow, tmp_path), "-i", str(inventory), "-f", "2", str(playbook))
    assert rc == 0, output[-3000:]
    assert len(listed(slow, "/vmrest/ports", "Port")) == 4
    assert len(listed(slow, "/vmrest/phonesystems/%s/axlservers" % site, "AXLServer")) == 2
    assert len(posts(slow, "/vmrest/ports$")) == 1
    assert len(posts(slow, "/axlservers$")) == 2
    waits = re.findall(r"waited \d+\.\d s for another task writing to 127\.0\.0\.1:%d" % slow.port, output)
    # The second host waits as long as the first one writes (more than 1 s here), when their
    # tasks overlap; Ansible may start one host's task late enough for no wait at all.
    assert waits, output[-3000:]
    assert sum(int(n) for n in re.findall(r"changed=(\d+)", output)) == 2  # each task changed one host
    assert "axl-secret-1" not in output


def fault(emulator, **spec):
    emulator.admin.post(emulator.url + "/__emulator__/faults", json=spec).raise_for_status()


def settled(emulator):
    """Wait until the server has finished the request the client gave up on."""
    deadline = time.monotonic() + 20
    while emulator.health()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert emulator.health()["in_flight"] == 0


LATE = {
    "ports": dict(module=ports, port_group="HQ-SIP", count=4),
    "axl_servers": dict(module=axl_servers, phone_system="HQ", servers=AXL[:1]),
}


@pytest.mark.parametrize("target", ["ports", "axl_servers"])
def test_a_create_committed_after_the_timeout_is_found(connection, site, emulator, target):
    """The server commits 2 s after the POST, the client gave up after 1 s: the object is found
    by the second look (1.5 s after the timeout), and nothing is sent again."""
    path = "/vmrest/ports$" if target == "ports" else "/vmrest/phonesystems/.*/axlservers$"
    fault(emulator, kind="delay", method="POST", path=path, count=1, ms=2000)
    result = run(connection=dict(connection, timeout=1), run_id="late", **LATE[target])
    assert result["changed"] is True
    assert [e.get("faults") for e in posts(emulator, path)] == [["delay"]]  # once, and late
    settled(emulator)
    if target == "ports":
        assert len(listed(emulator, "/vmrest/ports", "Port")) == 4
    else:
        rows = listed(emulator, "/vmrest/phonesystems/%s/axlservers" % site, "AXLServer")
        assert [r["HostOrIPAddress"] for r in rows] == ["10.0.0.1"]


@pytest.mark.parametrize("target", ["ports", "axl_servers"])
def test_a_create_committed_after_the_looks_fails_and_a_rerun_converges(connection, site, emulator, target):
    """The server commits 7 s after the POST: the client gave up after 1 s and looked three
    times over 3.5 s. The task fails, saying the server may still commit it and that a re-run
    converges; it sends nothing again. One re-run, once the server is done, adds nothing."""
    path = "/vmrest/ports$" if target == "ports" else "/vmrest/phonesystems/.*/axlservers$"
    fault(emulator, kind="delay", method="POST", path=path, count=1, ms=7000)
    with pytest.raises(ModuleFailure) as caught:
        run(connection=dict(connection, timeout=1), run_id="late-1", **LATE[target])
    what = "add 4 ports" if target == "ports" else "AXL server 10.0.0.1"
    assert caught.value.msg.startswith("%s: POST /vmrest/" % what), caught.value.msg
    assert ("within 1 seconds (timeout); after 3 looks over 3.5 s what it creates is not on the server. The "
            "request was not sent again: the server may still commit it") in caught.value.msg
    assert "Run the task again once the server is done" in caught.value.msg
    assert caught.value.kwargs["requests"][-1]["method"] == "POST"
    assert caught.value.kwargs["error"]["method"] == "POST"
    settled(emulator)
    result = run(connection=connection, run_id="late-2", **LATE[target])
    assert result["changed"] is False
    assert [e.get("faults") for e in posts(emulator, path)] == [["delay"]]
    if target == "ports":
        assert len(listed(emulator, "/vmrest/ports", "Port")) == 4
    else:
        rows = listed(emulator, "/vmrest/phonesystems/%s/axlservers" % site, "AXLServer")
        assert [r["HostOrIPAddress"] for r in rows] == ["10.0.0.1"]


def test_the_lock_file_lives_next_to_the_session_cache(connection, site, tmp_path):
    run(ports, connection, run_id="where", port_group="HQ-SIP", count=4)
    folder = tmp_path / ".ansible" / "cupi"
    (lock,) = [name for name in os.listdir(folder) if name.endswith(".writer.lock")]
    assert lock_paths("https://127.0.0.1:%d" % connection["port"], str(folder))[0] == str(folder / lock)
    assert oct((folder / lock).stat().st_mode & 0o777) == "0o600"
    assert "password" not in (folder / lock).read_text()


def unwritable_cache_folder(home):
    """The session cache folder is a file: nothing can be written there."""
    shutil.rmtree(home / ".ansible" / "cupi", ignore_errors=True)
    (home / ".ansible").mkdir(exist_ok=True)
    (home / ".ansible" / "cupi").write_text("not a folder")


def test_an_unwritable_cache_folder_falls_back_to_the_temporary_folder(connection, site, tmp_path, monkeypatch):
    unwritable_cache_folder(tmp_path)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    result = run(ports, connection, port_group="HQ-SIP", count=4)
    # The caches are off, and said so (one warning); the lock is in the temporary folder.
    assert result["changed"] is True
    assert [w.split(" cannot be written")[0] for w in result["warnings"]] == [
        "the cache folder %s" % (tmp_path / ".ansible" / "cupi")]
    assert [n for n in os.listdir(tmp_path / "tmp") if n.endswith(".writer.lock")]


def test_no_lock_to_be_had_warns_and_goes_on(connection, site, tmp_path, monkeypatch):
    unwritable_cache_folder(tmp_path)
    (tmp_path / "nowhere").write_text("not a folder either")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "nowhere" / "at-all"))
    result = run(ports, connection, port_group="HQ-SIP", count=4)
    assert result["changed"] is True
    no_cache, warning = result["warnings"]
    assert "cannot be written" in no_cache
    assert warning.startswith("no lock against other tasks writing to 127.0.0.1:%d could be had (" % connection["port"])
    assert "may add them twice" in warning


def test_a_lock_held_too_long_fails_naming_the_lock_file(connection, site, tmp_path, monkeypatch, emulator):
    monkeypatch.setattr(base, "WAIT_FACTOR", 1)
    folder = tmp_path / ".ansible" / "cupi"
    folder.mkdir(parents=True, exist_ok=True)
    path = lock_paths("https://127.0.0.1:%d" % connection["port"], str(folder))[0]
    with open(path, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(ModuleFailure) as caught:
            run(ports, dict(connection, timeout=1), port_group="HQ-SIP", count=4)
        assert 1 <= time.monotonic() - started < 5
    assert caught.value.msg == (
        "waited 1 s (1 x timeout) for another task writing to 127.0.0.1:{port} to finish, and it has not: "
        "nothing was read or written. If no task on this controller is writing to 127.0.0.1:{port}, remove the "
        "lock file {path}".format(port=connection["port"], path=path))
    assert emulator.requests_log() == []
