# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ten forks against one busy server at once: the server works on five requests at a time
and answers 503 when the queue waits too long; every host converges, nothing is doubled."""

from __future__ import annotations

import re

import pytest
import yaml

from .helpers import ansible_playbook, playbook_env

PLAY = [dict(
    name="Ten sites at once",
    hosts="sites",
    gather_facts=False,
    tasks=[
        {"name": "Phone system", "cupi.telephony.phone_system": {"name": "FORK-{{ inventory_hostname }}"}},
        {"name": "Port group", "cupi.telephony.port_group": {
            "name": "FORK-{{ inventory_hostname }}-SIP", "phone_system": "FORK-{{ inventory_hostname }}",
            "integration": "sip", "host": "10.9.9.9"}},
        {"name": "Ports", "cupi.telephony.ports": {"port_group": "FORK-{{ inventory_hostname }}-SIP", "count": 4}},
    ],
)]


@pytest.fixture
def busy(emulator):
    config = emulator.url + "/__emulator__/config"
    emulator.admin.post(config, json=dict(latency_ms=200, max_concurrent=5, queue_timeout_ms=100)).raise_for_status()
    yield emulator
    emulator.admin.post(config, json=dict(latency_ms=0, queue_timeout_ms=10000)).raise_for_status()


def test_ten_forks_against_one_busy_server(busy, tmp_path):
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump(dict(sites=dict(hosts=dict(
        ("site%d" % n, dict(ansible_connection="local", ansible_python_interpreter="auto_silent"))
        for n in range(10))))))
    playbook = tmp_path / "play.yml"
    playbook.write_text(yaml.safe_dump(PLAY, sort_keys=False))
    env = playbook_env(busy, tmp_path)

    rc, output = ansible_playbook(env, "-i", str(inventory), "--forks", "10", str(playbook))
    assert rc == 0, output[-3000:]
    log = busy.requests_log()
    assert any(entry["status"] == 503 for entry in log), "the server was never busy: the test proves nothing"
    systems = sorted(p["DisplayName"] for p in busy.phone_systems())
    assert systems == sorted("FORK-site%d" % n for n in range(10))  # each once
    groups = busy.api("GET", "/vmrest/portgroups").json()["PortGroup"]
    assert sorted(g["DisplayName"] for g in groups) == sorted("FORK-site%d-SIP" % n for n in range(10))
    assert sorted(int(g["PortCount"]) for g in groups) == [4] * 10

    rc, output = ansible_playbook(env, "-i", str(inventory), "--forks", "10", str(playbook))
    assert rc == 0, output[-3000:]
    assert re.findall(r"changed=(\d+)", output) == ["0"] * 10
