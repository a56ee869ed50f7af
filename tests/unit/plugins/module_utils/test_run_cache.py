# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's lists are written through: a write brings the lists it changes up to date
instead of throwing them away, and forks of one run sharing the file never see a list
that misses another fork's object. Directly, then as tasks against the emulator."""

from __future__ import annotations

import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.client import RunCache
from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group, port_group_servers, ports

SYSTEMS = "/vmrest/phonesystems?query=&sort=#PhoneSystem"
GROUPS = "/vmrest/portgroups?query=&sort=#PortGroup"
PORTS = "/vmrest/ports?query=&sort=#Port"
GROUP_PORTS = "/vmrest/ports?query=(MediaPortGroupObjectId is g1)&sort=#Port"


def cache(tmp_path, run="run-1"):
    return RunCache(str(tmp_path / "cache.run"), run)


def test_a_created_object_joins_the_list_once_read_back(tmp_path):
    one = cache(tmp_path)
    one.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    one.written("POST", "/vmrest/phonesystems", {"DisplayName": "BR"}, created="s2")
    assert one.get(SYSTEMS) is None  # half known until the new object is read back
    one.got("/vmrest/phonesystems/s2", {"ObjectId": "s2", "DisplayName": "BR", "PortCount": "0"})
    assert cache(tmp_path).get(SYSTEMS)[1] == {"ObjectId": "s2", "DisplayName": "BR", "PortCount": "0"}
    assert cache(tmp_path).wrote is True
    assert cache(tmp_path, "run-2").get(SYSTEMS) is None and cache(tmp_path, "run-2").wrote is False
    # An answer with no id: the list cannot say what was made, it is read again.
    one.written("POST", "/vmrest/phonesystems", {"DisplayName": "X"}, created=None)
    assert one.get(SYSTEMS) is None


def test_forks_creating_side_by_side_keep_each_others_objects(tmp_path):
    """Forks of one run write to the same file, each under the lock, on the file as it is."""
    fork_a, fork_b = cache(tmp_path), cache(tmp_path)
    fork_a.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ"}])
    fork_a.written("POST", "/vmrest/phonesystems", {"DisplayName": "A"}, created="sa")
    fork_b.written("POST", "/vmrest/phonesystems", {"DisplayName": "B"}, created="sb")
    fork_b.got("/vmrest/phonesystems/sb", {"ObjectId": "sb", "DisplayName": "B", "PortCount": "0"})
    fork_a.got("/vmrest/phonesystems/sa", {"ObjectId": "sa", "DisplayName": "A", "PortCount": "0"})
    assert [r["DisplayName"] for r in cache(tmp_path).get(SYSTEMS)] == ["HQ", "B", "A"]


def test_ports_added_by_another_fork_in_between_are_read_again(tmp_path):
    fork_a, fork_b = cache(tmp_path), cache(tmp_path)
    fork_a.put(PORTS, [])
    fork_a.written("POST", "/vmrest/ports", {"MediaPortGroupObjectId": "g1", "NumberOfPorts": "2"})
    fork_b.written("POST", "/vmrest/ports", {"MediaPortGroupObjectId": "g2", "NumberOfPorts": "2"})
    fork_a.put(GROUP_PORTS, [{"ObjectId": "p1", "MediaPortGroupObjectId": "g1"}])
    assert fork_a.get(PORTS) is None  # g2's new ports are not in the list held since g1's add


def test_updates_deletes_and_ports_write_through(tmp_path):
    run = cache(tmp_path)
    run.put(GROUPS, [{"ObjectId": "g1", "DisplayName": "SIP", "MediaSwitchObjectId": "s1", "PortCount": "0",
                      "ResetStatusEnum": "0", "EnableMWI": "true"}])
    run.put(SYSTEMS, [{"ObjectId": "s1", "DisplayName": "HQ", "PortCount": "0"}])
    run.put(PORTS, [])
    run.written("PUT", "/vmrest/portgroups/g1", {"EnableMWI": "false"})
    assert run.get(GROUPS)[0]["EnableMWI"] == "false"
    run.written("POST", "/vmrest/portgroups/g1/portgroupservers", {"HostOrIPAddress": "10.1.1.11"}, created="v2")
    assert run.get(GROUPS)[0]["ResetStatusEnum"] == "100"  # new servers leave it needing a reset
    run.written("POST", "/vmrest/ports", {"MediaPortGroupObjectId": "g1", "NumberOfPorts": "2"}, created=None)
    assert (run.get(GROUPS)[0]["PortCount"], run.get(SYSTEMS)[0]["PortCount"]) == ("2", "2")
    assert run.get(PORTS) is None  # until the group's ports are read
    run.put(GROUP_PORTS, [{"ObjectId": "p1", "MediaPortGroupObjectId": "g1"},
                          {"ObjectId": "p2", "MediaPortGroupObjectId": "g1"}])
    assert [r["ObjectId"] for r in run.get(PORTS)] == ["p1", "p2"]
    run.written("DELETE", "/vmrest/ports/p2")
    assert [r["ObjectId"] for r in run.get(PORTS)] == ["p1"] and run.get(GROUPS)[0]["PortCount"] == "1"
    run.written("DELETE", "/vmrest/phonesystems/s1")
    assert (run.get(SYSTEMS), run.get(GROUPS), run.get(PORTS)) == ([], None, None)


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
    """Tasks of one run, as the role runs them: no list is read twice, and nothing written is
    read back: the new objects' lists are known from the writes."""
    def run(module, **options):
        return module.Runner(task_params(connection, module, **options), run_id="one-run").execute()
    emulator.clear_log()
    run(phone_system, name="HQ")
    run(port_group, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    run(port_group_servers, port_group="HQ-SIP", servers=[{"type": "sip_proxy", "host": "10.1.1.11"}])
    run(ports, port_group="HQ-SIP", count=4)
    again = run(ports, port_group="HQ-SIP", count=4)
    assert again["changed"] is False
    gets = [e["path"] for e in emulator.requests_log() if e["method"] == "GET" and "/" not in e["path"][8:]]
    # Each list once; the ports twice: the new group's after the add (a query, as the result
    # needs their names), then every port for the next task (the group is not new anymore).
    # No object is read back (the SIP security profiles were read only to name the new port
    # group's default profile in its result).
    assert sorted(gets) == ["/vmrest/phonesystems", "/vmrest/portgroups", "/vmrest/portgrouptemplates",
                            "/vmrest/ports", "/vmrest/ports", "/vmrest/vmsservers"]
    objects = [e["path"] for e in emulator.requests_log() if e["method"] == "GET" and re.match(ONE_OBJECT, e["path"])]
    assert objects == []


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


def test_what_the_server_derives_from_a_write_is_in_the_run_lists(connection, emulator):
    """A change that leaves a port group needing a reset (a transport, its codecs) shows as
    required to a later task of the run, with no object read back; a changed SIP profile
    has its port groups read again."""
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
    emulator.clear_log()
    run(port_group, name="HQ-SIP", sip_transport_protocol="tcp")
    run(port_group_codecs, port_group="HQ-SIP2", state="replaced", codecs=[dict(name="G.711 mu-law")])
    assert statuses() == {"HQ-SIP": "required", "HQ-SIP2": "required"}
    groups = [e for e in emulator.requests_log() if e["method"] == "GET" and e["path"].startswith("/vmrest/portgroups")
              and not e["path"].endswith("portgroupcodecs")]
    assert groups == []  # known from the writes, not read


def test_a_changed_sip_profile_or_certificate_has_the_port_groups_read_again(tmp_path):
    """The server marks the port groups that use a changed profile or certificate as needing
    a reset: their list is not known any more."""
    key = "/vmrest/portgroups?query=&sort=#PortGroup"
    for path in ("/vmrest/sipsecurityprofiles/p1", "/vmrest/sipcertificates/c1"):
        cache = RunCache(str(tmp_path / "run"), "one")
        cache.put(key, [{"ObjectId": "g1", "ResetStatusEnum": "0"}])
        cache.written("PUT", path, {"DoTLS": "true"})
        assert cache.get(key) is None
    cache.put(key, [{"ObjectId": "g1", "ResetStatusEnum": "0"}])
    cache.written("POST", "/vmrest/sipcertificates", {"DisplayName": "new"}, created="c2")
    assert cache.get(key) == [{"ObjectId": "g1", "ResetStatusEnum": "0"}]  # a new one is used by none


def test_a_list_read_before_another_forks_create_does_not_lose_it(tmp_path):
    """Fork A creates; fork B's read of the list began before A's POST reached the server and
    ends after it: the new object stays in the list (until the run deletes it)."""
    key = "/vmrest/phonesystems?query=&sort=#PhoneSystem"
    fork_a, fork_b = RunCache(str(tmp_path / "run"), "one"), RunCache(str(tmp_path / "run"), "one")
    fork_a.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}])
    fork_a.written("POST", "/vmrest/phonesystems", {"DisplayName": "SITE5"}, created="s5")
    fork_b.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}, {"ObjectId": "s6", "DisplayName": "SITE6"}])
    names = sorted(r["DisplayName"] for r in fork_a.get(key, partial=True))
    assert names == ["OLD", "SITE5", "SITE6"]
    fork_a.written("DELETE", "/vmrest/phonesystems/s5")
    fork_b.put(key, [{"ObjectId": "s0", "DisplayName": "OLD"}])
    assert [r["DisplayName"] for r in fork_a.get(key)] == ["OLD"]
