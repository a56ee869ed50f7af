# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run cache forgets, it never predicts: a create adds the new object's id and what was
sent (enough to find it by name), any other write marks what it affects stale, a delete takes
what the server deletes with it; forks of one run sharing the file never see a list that
misses another fork's object. Directly, then as tasks against the emulator."""

from __future__ import annotations

import re

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.resources import resource_at
from ansible_collections.cupi.telephony.plugins.module_utils.run_cache import RunCache
from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, port_group_servers, ports

SYSTEMS = "/vmrest/phonesystems?query=&sort=#PhoneSystem"
GROUPS = "/vmrest/portgroups?query=&sort=#PortGroup"
PORTS = "/vmrest/ports?query=&sort=#Port"
GROUP_PORTS = "/vmrest/ports?query=(MediaPortGroupObjectId is g1)&sort=#Port"


def cache(tmp_path, run="run-1"):
    return RunCache(str(tmp_path / "cache.run"), run)


def effects(method, path, body=None, created=None):
    """What a write declares for the run cache, as the runner computes it."""
    found = resource_at(path)
    resource, collection, parent_id, object_id, _action = found
    if parent_id is None and resource.parent_field:
        parent_id = (body or {}).get(resource.parent_field)
    return resource.write_effects(method, collection, object_id, body, created, parent_id)


def test_a_created_object_is_found_by_name_but_compared_only_once_read(tmp_path):
    one = cache(tmp_path)
    one.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    one.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "BR"}, created="s2"))
    assert one.get(SYSTEMS) is None  # not read: not for comparing
    assert [r["DisplayName"] for r in one.get(SYSTEMS, partial=True)] == ["HQ", "BR"]  # for finding it
    assert "PortCount" not in one.get(SYSTEMS, partial=True)[1]  # nothing the server derives is guessed
    one.got("/vmrest/phonesystems", {"ObjectId": "s2", "DisplayName": "BR", "PortCount": "0"})
    assert cache(tmp_path).get(SYSTEMS)[1] == {"ObjectId": "s2", "DisplayName": "BR", "PortCount": "0"}
    assert cache(tmp_path, "run-2").get(SYSTEMS) is None
    # An answer with no id: the list cannot say what was made, it is read again.
    one.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "X"}, created=None))
    assert one.get(SYSTEMS, partial=True) is None


def test_forks_creating_side_by_side_keep_each_others_objects(tmp_path):
    """Forks of one run write to the same file, each under the lock, on the file as it is."""
    fork_a, fork_b = cache(tmp_path), cache(tmp_path)
    fork_a.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    fork_a.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "A"}, created="sa"))
    fork_b.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "B"}, created="sb"))
    fork_b.got("/vmrest/phonesystems", {"ObjectId": "sb", "DisplayName": "B", "PortCount": "0"})
    fork_a.got("/vmrest/phonesystems", {"ObjectId": "sa", "DisplayName": "A", "PortCount": "0"})
    assert [r["DisplayName"] for r in cache(tmp_path).get(SYSTEMS)] == ["HQ", "A", "B"]


def test_ports_added_forget_the_lists_of_ports_and_mark_the_counts_stale(tmp_path):
    run = cache(tmp_path)
    run.put(GROUPS, [{"ObjectId": "g1", "DisplayName": "SIP", "MediaSwitchObjectId": "s1", "PortCount": "0"},
                     {"ObjectId": "g2", "DisplayName": "SCCP", "MediaSwitchObjectId": "s1", "PortCount": "0"}])
    run.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ", "PortCount": "0"}])
    run.put(PORTS, [])
    run.apply(effects("POST", "/vmrest/ports", {"MediaPortGroupObjectId": "g1", "NumberOfPorts": "2"},
                      created="p1"))
    assert run.get(PORTS) is None and run.get(PORTS, partial=True) is None  # which ports: not known
    groups = run.get(GROUPS, partial=True)
    # The count is not predicted: the group's row is marked stale, the other group's is not.
    assert [(g["PortCount"], "@stale" in g) for g in groups] == [("0", True), ("0", False)]
    assert run.get(GROUPS) is None and "@stale" in run.get(SYSTEMS, partial=True)[0]
    run.put(GROUP_PORTS, [{"ObjectId": "p1", "MediaPortGroupObjectId": "g1"},
                          {"ObjectId": "p2", "MediaPortGroupObjectId": "g1"}])
    assert [r["ObjectId"] for r in run.get(GROUP_PORTS)] == ["p1", "p2"]


def test_an_update_marks_its_row_stale_a_delete_takes_what_the_server_deletes(tmp_path):
    run = cache(tmp_path)
    run.put(GROUPS, [{"ObjectId": "g1", "DisplayName": "SIP", "MediaSwitchObjectId": "s1", "EnableMWI": "true"},
                     {"ObjectId": "g2", "DisplayName": "X", "MediaSwitchObjectId": "s2", "EnableMWI": "true"}])
    run.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}, {"ObjectId": "s2", "DisplayName": "BR"}])
    run.put(PORTS, [{"ObjectId": "p1", "MediaPortGroupObjectId": "g1"}, {"ObjectId": "p2", "MediaPortGroupObjectId": "g2"}])
    run.put("/vmrest/portgroups/g1/portgroupservers?query=&sort=#PortGroupServer", [{"ObjectId": "v1"}])
    run.apply(effects("PUT", "/vmrest/portgroups/g1", {"EnableMWI": "false"}))
    row = run.get(GROUPS, partial=True)[0]
    assert row["EnableMWI"] == "true" and "@stale" in row  # not patched with a guess: marked
    run.apply(effects("POST", "/vmrest/portgroups/g2/portgroupservers", {"HostOrIPAddress": "h"}, created="v2"))
    assert "@stale" in run.get(GROUPS, partial=True)[1]  # its reset status may have changed
    run.apply(effects("DELETE", "/vmrest/phonesystems/s1"))
    assert [r["ObjectId"] for r in run.get(SYSTEMS)] == ["s2"]
    assert [r["ObjectId"] for r in run.get(GROUPS, partial=True)] == ["g2"]
    assert [r["ObjectId"] for r in run.get(PORTS)] == ["p2"]
    assert run.get("/vmrest/portgroups/g1/portgroupservers?query=&sort=#PortGroupServer", partial=True) is None


def test_a_lost_answer_to_a_write_is_never_answered_from_the_run_cache(connection, emulator):
    """Ports added, the answer lost after the server committed them: the ports are counted
    on the server (not in the run's lists from before), and nothing is added twice."""
    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="lost").execute()
    run(phone_system, name="HQ")
    run(port_group, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(ports, port_group="HQ-SIP", count=2)
    emulator.admin.post(emulator.url + "/__emulator__/faults", json={
        "kind": "drop_after", "method": "POST", "path": "/vmrest/ports", "count": 1}).raise_for_status()
    emulator.clear_log()
    result = run(ports, port_group="HQ-SIP", count=4)
    assert len(result["ports"]) == 4
    assert [e["method"] for e in emulator.requests_log()].count("POST") == 1
    assert len(emulator.api("GET", "/vmrest/ports").json()["Port"]) == 4


def task_params(connection, module, **options):
    params = dict(connection, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return validation.validated_parameters


# A GET of one object (an id last), not of a list.
ONE_OBJECT = r"^/vmrest/[a-z]+(/[^/]+/[a-z]+)*/[0-9a-f-]{36}$"


def test_a_run_reads_each_list_once_across_its_tasks(connection, emulator):
    """Tasks of one run, as the role runs them: no list is read twice unless a write of the run
    changed what it holds, and nothing the server derives is taken from a guess."""
    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="one-run").execute()
    emulator.clear_log()
    run(phone_system, name="HQ")
    run(port_group, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group_servers, port_group="HQ-SIP", servers=[{"type": "sip_proxy", "host": "10.1.1.11"}])
    run(ports, port_group="HQ-SIP", count=4)
    again = run(ports, port_group="HQ-SIP", count=4)
    assert again["changed"] is False
    gets = [re.sub(r"[0-9a-f-]{36}", "<id>", e["path"]) for e in emulator.requests_log() if e["method"] == "GET"]
    # Each list once; the new group's port count is not guessed (0): its ports are read before
    # the add (one query on the group), and after it (the result names them); the next task
    # takes that read, made after the run's last write to ports.
    assert gets == ["/vmrest/phonesystems", "/vmrest/portgroups", "/vmrest/portgrouptemplates",
                    "/vmrest/portgroups/<id>/portgroupservers", "/vmrest/ports", "/vmrest/vmsservers",
                    "/vmrest/ports"]
    queries = [e.get("query") or "" for e in emulator.requests_log() if e["path"] == "/vmrest/ports" and e["method"] == "GET"]
    assert ["MediaPortGroupObjectId" in q for q in queries] == [True, True]


def test_the_reset_is_followed_with_one_read_per_look(connection, emulator):
    """Two port groups reset: after the two PUTs, one list read per look (no GET per
    group), the first look 0.25 s after, each next one 1.5 times later, done once both read 0."""
    from ansible_collections.cupi.telephony.plugins.modules import port_group_reset

    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="reset").execute()
    run(phone_system, name="HQ")
    for name in ("HQ-SIP", "HQ-SIP2"):
        run(port_group, name=name, phone_system="HQ", integration="sip", host="10.1.1.10")
        servers = [{"type": "sip_proxy", "host": "10.1.1.10"}, {"type": "sip_proxy", "host": "10.1.1.11"}]
        run(port_group_servers, port_group=name, servers=servers)
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 1.0}).raise_for_status()
    try:
        emulator.clear_log()
        result = run(port_group_reset, port_groups=["HQ-SIP", "HQ-SIP2"])
    finally:
        emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 2}).raise_for_status()
    assert result["reset"] == ["HQ-SIP", "HQ-SIP2"]
    assert [g["reset_status"] for g in result["port_groups"]] == ["not_required", "not_required"]
    log = emulator.requests_log()
    methods = [(e["method"], e["path"].rsplit("/", 1)[-1] if e["method"] == "PUT" else e["path"]) for e in log]
    # The run wrote (servers), so the groups are read once before; then one read per look.
    assert methods[:3] == [("GET", "/vmrest/portgroups"), ("PUT", "reset"), ("PUT", "reset")]
    looks = methods[3:]
    assert set(looks) == {("GET", "/vmrest/portgroups")}
    # A 1 s reset is seen done at the look 0.25 + 0.375 + 0.5625 = 1.19 s after: the third or,
    # on a slow machine, the fourth.
    assert 3 <= len(looks) <= 4, looks
    gaps = [b["time"] - a["time"] for a, b in zip(log[2:], log[3:])]
    assert gaps[0] >= 0.25 and all(later > earlier for earlier, later in zip(gaps, gaps[1:])), gaps


def test_what_the_server_derives_from_a_write_is_read_from_it(connection, emulator):
    """A change that leaves a port group needing a reset (a transport, its codecs) shows as
    required to a later task of the run because it is read from the server, not guessed; the
    port_group result after the update is the object the server shows."""
    from ansible_collections.cupi.telephony.plugins.modules import port_group_codecs, telephony_info

    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="derived").execute()

    def statuses():
        info = run(telephony_info, gather_subset=["port_groups"])
        return dict((g["name"], g["reset_status"]) for g in info["port_groups"])
    run(phone_system, name="HQ")
    for name in ("HQ-SIP", "HQ-SIP2"):
        run(port_group, name=name, phone_system="HQ", integration="sip", host="10.1.1.10")
    assert statuses() == {"HQ-SIP": "not_required", "HQ-SIP2": "not_required"}
    updated = run(port_group, name="HQ-SIP", sip_transport_protocol="tcp")
    assert updated["port_group"]["reset_status"] == "required"  # read back: the server says so
    run(port_group_codecs, port_group="HQ-SIP2", state="replaced", codecs=[dict(name="G.711 mu-law")])
    emulator.clear_log()
    assert statuses() == {"HQ-SIP": "required", "HQ-SIP2": "required"}
    # telephony_info reads what it shows from the server, never from the run's lists (both at once).
    assert sorted(e["path"] for e in emulator.requests_log()) == ["/vmrest/phonesystems", "/vmrest/portgroups"]


def test_a_certificate_change_shows_what_the_server_holds(connection, emulator):
    """A certificate-only change: the port groups are read again, and show the server's reset
    status (not a guessed one)."""
    from ansible_collections.cupi.telephony.plugins.modules import sip_certificate, telephony_info

    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="cert").execute()
    run(phone_system, name="HQ")
    run(port_group, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(sip_certificate, name="cuc-sip", subject_name="cuc-sip.example.com")
    run(port_group, name="HQ-SIP", sip_certificate="cuc-sip")
    run(sip_certificate, name="cuc-sip", subject_name="changed.example.com")
    info = run(telephony_info, gather_subset=["port_groups"])
    truth = emulator.api("GET", "/vmrest/portgroups").json()["PortGroup"]
    truth = truth if isinstance(truth, list) else [truth]
    assert [g["reset_status"] for g in info["port_groups"]] == [
        {"0": "not_required", "100": "required"}[g["ResetStatusEnum"]] for g in truth]


def test_a_changed_sip_profile_or_certificate_marks_the_port_groups_stale(tmp_path):
    """The server may mark the port groups that use a changed profile or certificate as
    needing a reset: their rows are not known any more; a new one is used by none."""
    for path in ("/vmrest/sipsecurityprofiles/p1", "/vmrest/sipcertificates/c1"):
        run = RunCache(str(tmp_path / "run"), path)
        run.put(GROUPS, [{"ObjectId": "g1", "ResetStatusEnum": "0"}])
        run.apply(effects("PUT", path, {"DoTLS": "true"}))
        assert run.get(GROUPS) is None
    run.put(GROUPS, [{"ObjectId": "g1", "ResetStatusEnum": "0"}])
    run.apply(effects("POST", "/vmrest/sipcertificates", {"DisplayName": "new"}, created="c2"))
    assert run.get(GROUPS) == [{"ObjectId": "g1", "ResetStatusEnum": "0"}]


def test_a_port_group_created_earlier_then_given_ports_by_someone_else(connection, emulator):
    """The run created the group; someone adds 2 ports; count 4 adds 2, not 4."""
    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="other").execute()
    run(phone_system, name="HQ")
    created = run(port_group, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    vms = emulator.api("GET", "/vmrest/vmsservers").json()["VmsServer"]
    vms = vms[0] if isinstance(vms, list) else vms
    emulator.api("POST", "/vmrest/ports", json={
        "MediaPortGroupObjectId": created["port_group"]["object_id"], "NumberOfPorts": "2",
        "VmsServerObjectId": vms["VmsServerObjectId"]}, headers={"Content-Type": "application/json"})
    result = run(ports, port_group="HQ-SIP", count=4)
    assert result["msg"].startswith("ports of port group HQ-SIP: 2 added")
    assert len(emulator.api("GET", "/vmrest/ports").json()["Port"]) == 4


def test_a_list_read_before_another_forks_create_does_not_lose_it(tmp_path):
    """Fork A creates; fork B's read of the list began before A's POST reached the server and
    ends after it: the new object stays in the list (until the run deletes it)."""
    key = "/vmrest/phonesystems?query=&sort=#PhoneSystem"
    fork_a, fork_b = RunCache(str(tmp_path / "run"), "one"), RunCache(str(tmp_path / "run"), "one")
    fork_a.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}])
    fork_a.apply(effects("POST", "/vmrest/phonesystems", {"DisplayName": "SITE5"}, created="s5"))
    fork_b.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}, {"ObjectId": "s6", "DisplayName": "SITE6"}])
    names = sorted(r["DisplayName"] for r in fork_a.get(key, partial=True))
    assert names == ["OLD", "SITE5", "SITE6"]
    fork_a.apply(effects("DELETE", "/vmrest/phonesystems/s5"))
    fork_b.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}])
    assert [r["DisplayName"] for r in fork_a.get(key)] == ["OLD"]


def test_the_verify_mode_fails_a_list_the_server_does_not_hold(connection, emulator, monkeypatch):
    """CUPI_RUN_CACHE_VERIFY=1: a list served from the run cache is read from the server too;
    someone else's change in between fails the task, naming the difference."""
    from ansible_collections.cupi.telephony.plugins.module_utils.base import ModuleFailure

    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="verify").execute()
    monkeypatch.setenv("CUPI_RUN_CACHE_VERIFY", "1")
    run(phone_system, name="HQ")
    run(phone_system, name="HQ")  # served from the cache and read: the same, fine
    emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": "ELSE"},
                 headers={"Content-Type": "application/json"})
    with pytest.raises(ModuleFailure) as caught:
        run(phone_system, name="HQ")
    assert "run cache verification (CUPI_RUN_CACHE_VERIFY=1)" in caught.value.msg
    assert "is on the server but not in the run cache" in caught.value.msg


def test_a_profile_given_tls_shows_the_name_the_server_derives(connection, emulator):
    """After a SIP profile gets TLS, the task's result and a later telephony_info of the same
    run show the display name the server derives (5070/TLS), not the one held before."""
    from ansible_collections.cupi.telephony.plugins.modules import sip_security_profile, telephony_info

    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="tls").execute()
    assert run(sip_security_profile, sip_port=5070, tls=False)["changed"] is True
    updated = run(sip_security_profile, sip_port=5070, tls=True)
    assert updated["sip_security_profile"]["name"] == "5070/TLS"
    profiles = run(telephony_info, gather_subset=["sip_security_profiles"])["sip_security_profiles"]
    assert [p["name"] for p in profiles if p["sip_port"] == 5070] == ["5070/TLS"]
