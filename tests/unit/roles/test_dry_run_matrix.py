# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A dry run is a promise: for each scenario an operator meets, ``apply --check`` shows the
requests that the real run then sends (method, path, body; ids aside), the real run's
requests are those the server received, and a dry run after it shows none."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml

from .test_roles import AXL_PASSWORD_VAR, EXAMPLE, playbook

IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\(new\)")
WRITES = ("POST", "PUT", "DELETE")


def normal(value):
    """A request's path or body value with every object id (or ``(new)``, or None for an id
    the dry run cannot know yet) as ``<id>``."""
    if value is None:
        return "<id>"
    return IDS.sub("<id>", str(value))


def shown(requests):
    return [(r["method"], normal(r["path"]), dict((k, normal(v)) for k, v in sorted((r.get("body") or {}).items())))
            for r in requests]


def requests_of(emulator, tmp_path, variables, *extra, check=False):
    """The requests the role's report lists for one apply (in check mode, those it would send)."""
    data, report = tmp_path / "vars.yml", tmp_path / "report.json"
    data.write_text(yaml.safe_dump(variables))
    args = ["-e", AXL_PASSWORD_VAR, "-e", "@%s" % data, "-e", "cupi_drift_report_json=%s" % report] + list(extra) + (["--check"] if check else [])
    playbook(emulator, "apply", *args)
    (cluster,) = json.loads(report.read_text())["clusters"]
    return cluster["requests"]


def example():
    with open(EXAMPLE) as handle:
        return yaml.safe_load(handle)


def group(variables, name):
    return next(g for s in variables["cupi_phone_systems"] for g in s.get("port_groups", []) if g["name"] == name)


def transport(variables):
    group(variables, "CUCM-HQ-SIP")["settings"]["sip_transport_protocol"] = "udp"


def codecs_reordered(variables):
    group(variables, "CUCM-HQ-SIP")["codecs"] = [{"name": "G.729", "packet_size": 20},
                                                 {"name": "G.711 mu-law", "packet_size": 30}]


def codecs_replaced(variables):
    group(variables, "CUCM-HQ-SCCP")["codecs"] = [{"name": "G.711 a-law", "packet_size": 20}]


def servers_reordered(variables):
    servers = group(variables, "CUCM-HQ-SCCP")["servers"]
    servers[0], servers[1] = servers[1], servers[0]
    for server in servers:
        server.pop("precedence", None)


def pin_sync_moved(variables):
    variables["cupi_phone_systems"][0]["axl_servers"] = [
        {"host": "10.1.1.12", "username": "axluser", "password": "{{ vault_axl_password }}", "pin_sync": True},
        {"host": "10.1.1.10", "username": "axluser", "password": "{{ vault_axl_password }}", "pin_sync": False},
    ]


def ports_grown(variables):
    group(variables, "CUCM-HQ-SIP")["ports"]["count"] = 12


def ports_shrunk(variables):
    group(variables, "CUCM-HQ-SIP")["ports"]["count"] = 4


def ports_overridden(variables):
    group(variables, "CUCM-HQ-SIP")["ports"]["overrides"] = [{"ports": "7-8", "answer_calls": False}]


def certificate_and_profile(variables):
    variables["cupi_sip_certificates"][0]["subject_name"] = "cuc-sip2.example.com"
    variables["cupi_sip_security_profiles"].append({"port": 5071, "tls": True})
    group(variables, "CUCM-HQ-SIP")["settings"]["sip_security_profile"] = 5071


def deletes(variables):
    group(variables, "PBX-BRANCH-PIMG")["state"] = "absent"
    variables["cupi_phone_systems"][1]["state"] = "absent"


def pin_sync_first(variables):
    variables["cupi_phone_systems"][0]["axl_servers"][0]["pin_sync"] = True


# name: (what is applied first, the change, extra arguments of the dry run and the run)
SCENARIOS = {
    "transport, policy created": (None, transport, ()),
    "transport, policy required": (None, transport, ("-e", "cupi_reset_policy=required")),
    "transport, policy none": (None, transport, ("-e", "cupi_reset_policy=none")),
    "codecs reordered": (None, codecs_reordered, ("-e", "cupi_reset_policy=required")),
    "codecs replaced": (None, codecs_replaced, ()),
    "servers reordered": (None, servers_reordered, ("-e", "cupi_reset_policy=required")),
    "PIN sync moved": (pin_sync_first, pin_sync_moved, ()),
    "ports grown": (None, ports_grown, ()),
    "ports shrunk": (None, ports_shrunk, ()),
    "ports overridden": (None, ports_overridden, ()),
    "certificate and profile": (None, certificate_and_profile, ("-e", "cupi_reset_policy=required")),
    "deletes": (None, deletes, ()),
}


@pytest.fixture
def fast(emulator):
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 0.2}).raise_for_status()
    yield emulator
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 2}).raise_for_status()


def promise_kept(emulator, tmp_path, variables, extra=()):
    """Dry run, run, dry run again: the first shows what the run sends, the last shows nothing."""
    predicted = requests_of(emulator, tmp_path, variables, *extra, check=True)
    emulator.clear_log()
    sent = requests_of(emulator, tmp_path, variables, *extra)
    received = [(e["method"], normal(e["path"])) for e in emulator.requests_log() if e["method"] in WRITES]
    assert shown(predicted) == shown(sent)
    assert [(method, path) for method, path, _body in shown(sent)] == received
    assert requests_of(emulator, tmp_path, variables, *extra, check=True) == []
    return sent


def test_a_new_sites_dry_run_shows_the_writes_its_run_sends(connection, fast, tmp_path):
    sent = promise_kept(fast, tmp_path, example())
    paths = [(r["method"], normal(r["path"])) for r in sent]
    # The server gives a new port group a server and the template's codecs: a dry run knows.
    assert ("PUT", "/vmrest/portgroups/<id>/reset") in paths
    assert len([p for p in paths if p[1].endswith("/reset")]) == 2  # not the PIMG group: nothing changed it


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_production_changes_dry_run_shows_the_writes_its_run_sends(connection, fast, tmp_path, scenario):
    first, change, extra = SCENARIOS[scenario]
    variables = example()
    if first:
        first(variables)
    requests_of(fast, tmp_path, variables)
    changed = copy.deepcopy(variables)
    change(changed)
    sent = promise_kept(fast, tmp_path, changed, extra)
    assert sent, "the change sends nothing"
    if "policy required" in scenario or scenario == "codecs reordered":
        assert [r["method"] for r in sent if r["path"].endswith("/reset")] == ["PUT"]


def test_the_dry_runs_reset_policies_name_a_pending_reset(connection, fast, tmp_path):
    """The default policy lists an existing group a change leaves needing a reset as pending,
    in the dry run as in the run."""
    variables = example()
    requests_of(fast, tmp_path, variables)
    transport(variables)
    data = tmp_path / "changed.yml"
    data.write_text(yaml.safe_dump(variables))
    _rc, output = playbook(fast, "apply", "-e", AXL_PASSWORD_VAR, "-e", "@%s" % data, "--check")
    assert "port groups waiting for a reset (not reset by cupi_reset_policy): CUCM-HQ-SIP" in output
    _rc, output = playbook(fast, "apply", "-e", AXL_PASSWORD_VAR, "-e", "@%s" % data)
    assert "port groups waiting for a reset (not reset by cupi_reset_policy): CUCM-HQ-SIP" in output
