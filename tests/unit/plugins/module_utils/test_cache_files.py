# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The files under ~/.ansible/cupi: a session or run cache file that is not what it
should be is ignored with one warning naming it, and replaced, and the task succeeds against
the emulator; the caches of finished runs go; an operation rewrites only the lists it changes."""

from __future__ import annotations

import hashlib
import json
import os
import time

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.resources import resource_at
from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import PRUNE_AGE, RunCache, list_file
from ansible_collections.cupi.telephony.plugins.modules import phone_system

SYSTEMS = "/vmrest/phonesystems?query=&sort=#PhoneSystem"
PORTS = "/vmrest/ports?query=&sort=#Port"
RUN = "run-of-the-test"


def session_file(connection, home):
    """Where the client keeps the session of ``connection`` (as CupiClient names it)."""
    base_url = "https://%s:%s" % (connection["hostname"], connection["port"])
    key = "%s|%s|%s|%s" % (base_url, connection["username"],
                           hashlib.sha256(connection["password"].encode("utf-8")).hexdigest(), connection["api_format"])
    return home / ".ansible" / "cupi" / hashlib.sha256(key.encode("utf-8")).hexdigest()


def task(connection, run_id=RUN, **options):
    """A phone_system task as the action plugin runs it: (result, warnings)."""
    params = dict(connection, name="HQ")
    params.update(options)
    validation = ArgumentSpecValidator(phone_system.Runner.full_argument_spec()).validate(params)
    assert not validation.error_messages, validation.error_messages
    runner = phone_system.Runner(validation.validated_parameters, run_id=run_id)
    return runner.execute(), runner.warnings


def text(value):
    return value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")


def assert_valid_session(path):
    cookies = json.loads(path.read_text())
    assert isinstance(cookies, list) and cookies
    for cookie in cookies:
        assert sorted(cookie) == ["domain", "name", "path", "secure", "value"]
        assert all(isinstance(cookie[k], str) for k in ("name", "value", "domain", "path"))
        assert isinstance(cookie["secure"], bool)


def assert_valid_run_cache(index_path, run_id=RUN):
    """The index names this run and files that each hold its list: rows of strings."""
    index = json.loads(index_path.read_text())
    assert sorted(index) == ["born", "lists", "predictions", "run", "seen"] and index["run"] == run_id
    folder = index_path.parent / (index_path.name + ".d")
    assert sorted(index["lists"].values()) == sorted(p.name for p in folder.iterdir())
    for key, name in index["lists"].items():
        assert name == list_file(key)
        held = json.loads((folder / name).read_text())
        assert held["key"] == key and isinstance(held["rows"], list)
        assert all(isinstance(v, str) for row in held["rows"] for v in row.values())


COOKIE = dict(name="JSESSIONID", value="0123abcd", domain="127.0.0.1", path="/", secure=True)
BAD_SESSIONS = {
    "domain-null": [dict(COOKIE, domain=None)],
    "a-dict": COOKIE,
    "a-number": 42,
    "null": None,
    "value-a-number": [dict(COOKIE, value=1234)],
    "name-empty": [dict(COOKIE, name="")],
    "secure-a-string": [dict(COOKIE, secure="yes")],
    "field-missing": [dict((k, v) for k, v in COOKIE.items() if k != "path")],
    "a-string-cookie": ["JSESSIONID=0123abcd"],
    "value-with-new-line": [dict(COOKIE, value="abc\r\nX-Injected: 1")],
    "invalid-json": b'[{"name": "JSESSIONID", ',
    "empty": b"",
    "not-utf-8": b"\xff\xfe\x00[",
    "deeply-nested": b"[" * 100000 + b"]" * 100000,
}


@pytest.mark.parametrize("case", sorted(BAD_SESSIONS))
def test_a_bad_session_file_is_ignored_named_and_replaced(connection, emulator, tmp_path, case):
    task(connection)
    path = session_file(connection, tmp_path)
    assert path.is_file()
    path.write_bytes(text(BAD_SESSIONS[case]))
    emulator.clear_log()
    result, warnings = task(connection, call_loop_guard_time_ms=3000)
    assert result["changed"] is True
    assert len(warnings) == 1 and warnings[0].startswith("ignored the session cache file %s: " % path), warnings
    assert warnings[0].endswith("; it is replaced")
    assert emulator.requests_log()[0]["auth"] == "basic"  # the file's cookies were not sent
    assert_valid_session(path)
    # The next task takes up the session the file now holds, and says nothing.
    emulator.clear_log()
    assert task(connection)[1] == []
    assert [e["auth"] for e in emulator.requests_log()] == ["session"] * len(emulator.requests_log())


def index_with(**fields):
    index = dict(run=RUN, lists={SYSTEMS: list_file(SYSTEMS)}, born=[], predictions={}, seen=3)
    index.update(fields)
    return index


BAD_INDEXES = {
    "invalid-json": b'{"run": "%s", "lists": {' % RUN.encode(),
    "a-list": [RUN],
    "a-number": 7,
    "run-a-number": dict(index_with(), run=5),
    "lists-a-list": index_with(lists=[SYSTEMS]),
    "list-file-a-number": index_with(lists={SYSTEMS: 5}),
    "list-file-elsewhere": index_with(lists={SYSTEMS: "../../../elsewhere.json"}),
    "born-a-string": index_with(born="s1"),
    "predictions-a-list": index_with(predictions=[]),
    "seen-a-string": index_with(seen="3"),
    "seen-true": index_with(seen=True),
    "field-missing": dict((k, v) for k, v in index_with().items() if k != "born"),
    "the-format-of-before": index_with(lists={SYSTEMS: [{"ObjectId": "s1", "DisplayName": "HQ"}]}),
    "not-utf-8": b"\xff\xfe{",
}
BAD_LISTS = {
    "invalid-json": b'{"key": "/vmrest/pho',
    "rows-a-map": {"key": SYSTEMS, "rows": {"ObjectId": "s1"}},
    "rows-not-maps": {"key": SYSTEMS, "rows": ["s1", "s2"]},
    "values-not-strings": {"key": SYSTEMS, "rows": [{"ObjectId": None, "DisplayName": 5}]},
    "another-key": {"key": PORTS, "rows": []},
    "null": None,
    "missing": "missing",
}


@pytest.mark.parametrize("case", ["index-" + c for c in sorted(BAD_INDEXES)] + ["list-" + c for c in sorted(BAD_LISTS)])
def test_a_bad_run_cache_file_is_ignored_named_and_replaced(connection, emulator, tmp_path, case):
    """The run's index or its list of phone systems spoilt between two tasks of the run: the
    second task warns once naming the file, reads the server, and leaves valid files."""
    task(connection)
    index = session_file(connection, tmp_path).parent / (session_file(connection, tmp_path).name + ".run")
    spoilt = index if case.startswith("index-") else index.parent / (index.name + ".d") / list_file(SYSTEMS)
    assert spoilt.is_file()
    content = (BAD_INDEXES if case.startswith("index-") else BAD_LISTS)[case.split("-", 1)[1]]
    if content == "missing":
        spoilt.unlink()
    else:
        spoilt.write_bytes(text(content))
    emulator.clear_log()
    result, warnings = task(connection, call_loop_guard_time_ms=3000)
    assert result["changed"] is True and result["phone_system"]["call_loop_guard_time_ms"] == 3000
    assert len(warnings) == 1 and warnings[0].startswith("ignored the run cache file %s: " % spoilt), warnings
    assert warnings[0].endswith("; it is replaced")
    # The list was read from the server, not from the spoilt file.
    assert ("GET", "/vmrest/phonesystems") in [(e["method"], e["path"]) for e in emulator.requests_log()]
    assert_valid_run_cache(index)
    assert task(connection)[1] == []


def test_a_bad_session_file_through_ansible_playbook_is_one_warning(emulator, tmp_path):
    """As a user sees it: one [WARNING] naming the file, the play succeeds."""
    from ...reliability.helpers import ansible_playbook, playbook_env

    folder = tmp_path / ".ansible" / "cupi"
    play = tmp_path / "play.yml"
    play.write_text(json.dumps([{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"cupi.telephony.phone_system": {"name": "HQ"}}]}]))
    env = playbook_env(emulator, tmp_path)
    rc, output = ansible_playbook(env, str(play))
    assert rc == 0, output[-2000:]
    (session,) = [p for p in folder.iterdir() if len(p.name) == 64]
    session.write_text('[{"name": "JSESSIONID", "value": "x", "domain": null, "path": "/", "secure": false}]')
    rc, output = ansible_playbook(env, str(play))
    assert rc == 0, output[-2000:]
    flat = " ".join(output.split())
    assert flat.count("ignored the session cache file %s" % session) == 1, output[-2000:]
    assert "startswith" not in output
    assert_valid_session(session)


# -- the files of finished runs ------------------------------------------------------------
def aged(path, seconds):
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def test_the_caches_of_finished_runs_are_removed_when_a_run_starts(tmp_path):
    folder = tmp_path / "cupi"
    (folder / "old.run.d").mkdir(parents=True)
    for name in ("old.run", "old.run.d/" + list_file(PORTS), "old.run.lock", "old", "orphan.run.d", "tmp1234",
                 "recent.run", "recent.run.lock", "tmp5678"):
        if name.endswith(".run.d"):
            (folder / name).mkdir()
        else:
            (folder / name).write_text("{}")
    for name in ("old.run.d/" + list_file(PORTS), "old.run.d", "old.run", "old.run.lock", "old", "orphan.run.d",
                 "tmp1234"):
        aged(folder / name, PRUNE_AGE + 60)
    aged(folder / "recent.run", PRUNE_AGE - 600)
    run = RunCache(str(folder / "new.run"), "new")
    assert run.get(SYSTEMS) is None
    # Gone: the old run's index and lists, an orphaned folder, a temporary file left behind.
    # Kept: a recent run's, lock files (empty; another run may hold one), session files.
    assert sorted(p.name for p in folder.iterdir()) == [
        "new.run", "new.run.lock", "old", "old.run.lock", "recent.run", "recent.run.lock", "tmp5678"]
    # Once per run: a file that ages later stays until the next run starts.
    (folder / "later.run").write_text("{}")
    aged(folder / "later.run", PRUNE_AGE + 60)
    RunCache(str(folder / "new.run"), "new").put(SYSTEMS, [])
    assert (folder / "later.run").exists()
    RunCache(str(folder / "new.run"), "next").get(SYSTEMS)
    assert not (folder / "later.run").exists()


def test_another_runs_cache_is_replaced_not_merged(tmp_path):
    first = RunCache(str(tmp_path / "server.run"), "first")
    first.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    first.put(PORTS, [{"ObjectId": "p1"}])
    first.predict("reset|hq-sip", "required")
    second = RunCache(str(tmp_path / "server.run"), "second")
    assert second.get(SYSTEMS) is None and second.prediction("reset|hq-sip") is None
    second.put(PORTS, [{"ObjectId": "p2"}])
    assert json.loads((tmp_path / "server.run").read_text()) == dict(
        run="second", lists={PORTS: list_file(PORTS)}, born=[], predictions={}, seen=None)
    assert [p.name for p in (tmp_path / "server.run.d").iterdir()] == [list_file(PORTS)]
    assert RunCache(str(tmp_path / "server.run"), "first").get(PORTS) is None


# -- scale ---------------------------------------------------------------------------------
def port_rows(count):
    return [dict(ObjectId="%08d-0000-0000-0000-000000000000" % n, DisplayName="CiscoUM1-VI%d" % n,
                 MediaPortGroupObjectId="g%d" % (n % 10), VmsServerObjectId="v1", VmsServerName="cuc1",
                 CapAnswer="true", CapNotification="true", CapMWI="true", CapEnabled="true", CapTrapConnection="true",
                 HuntOrder=str(n), SkinnySecurityModeEnum="0", MediaSwitchObjectId="s1",
                 MediaSwitchDisplayName="HQ", MediaPortGroupDisplayName="HQ-SIP") for n in range(count)]


def effects(method, path, body=None, created=None):
    resource, collection, parent_id, object_id, _action = resource_at(path)
    return resource.write_effects(method, collection, object_id, body, created, parent_id)


def test_a_big_list_is_not_rewritten_by_an_operation_on_another_collection(tmp_path):
    """5000 ports held; phone systems read, created, read back and deleted: the ports' file is
    the same file, never written again; the index stays small."""
    run = RunCache(str(tmp_path / "server.run"), "big")
    run.put(PORTS, port_rows(5000))
    big = tmp_path / "server.run.d" / list_file(PORTS)
    before = os.stat(big)
    assert before.st_size > 1000000
    started = time.perf_counter()
    run.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    for n in range(50):
        run.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "S%d" % n}, created="n%d" % n))
        run.got("/vmrest/phonesystems", {"ObjectId": "n%d" % n, "DisplayName": "S%d" % n, "PortCount": "0"})
        assert run.get(SYSTEMS)[-1]["DisplayName"] == "S%d" % n
    elapsed = time.perf_counter() - started
    after = os.stat(big)
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert os.path.getsize(str(tmp_path / "server.run")) < 2000
    assert len(RunCache(str(tmp_path / "server.run"), "big").get(PORTS)) == 5000
    print("150 operations on phone systems beside 5000 ports: %.3f s" % elapsed)
    # A delete of a phone system reaches the ports (the server deletes them with its port
    # groups): only then is the ports' file read and written.
    run.put("/vmrest/portgroups?query=&sort=#PortGroup",
            [{"ObjectId": "g%d" % n, "MediaSwitchObjectId": "s1"} for n in range(10)])
    assert os.stat(big).st_mtime_ns == before.st_mtime_ns
    run.apply(effects("DELETE", "/vmrest/phonesystems/s1"))
    assert run.get(PORTS) == []
