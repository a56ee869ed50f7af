# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``settings``: a phone system's and a port group's options as one dictionary, as the
integration role's data holds them, run by ansible-playbook (the action plugin) and by the
plain-module path, against the emulator."""

from __future__ import annotations

import json
import textwrap

import pytest

from ansible_collections.cupi.telephony.plugins.modules import phone_system, port_group
from ansible_collections.cupi.telephony.tests.unit.plugins.modules.test_module_path import run_module
from ansible_collections.cupi.telephony.tests.unit.reliability.helpers import ansible_playbook, playbook_env

SECRET = "settings-sip-secret-7"

PLAYBOOK = textwrap.dedent("""\
    - hosts: localhost
      gather_facts: false
      tasks:
        - cupi.telephony.phone_system:
            name: "{{ item.name }}"
            settings: "{{ item.settings }}"
          loop:
            - {name: HQ, settings: {mwi_force_off: true, call_loop_guard_time_ms: 3000}}
            - {name: BR, settings: {mwi_port_memory: true}}
        - cupi.telephony.port_group:
            name: HQ-SIP
            phone_system: HQ
            integration: sip
            host: 10.1.1.10
            settings:
              enable_mwi: false
              sip_transport_protocol: tcp
              sip_authenticate_as_user: cuc-ports
              sip_authenticate_password: %s
    """ % SECRET)


def playbook(tmp_path, emulator, text, *args):
    """(returncode, output) of ansible-playbook running ``text`` against the emulator."""
    path = tmp_path / "play.yml"
    path.write_text(text)
    return ansible_playbook(playbook_env(emulator, tmp_path), str(path), *args)


def test_settings_converge_like_the_options_and_hide_the_password(emulator, tmp_path):
    rc, output = playbook(tmp_path, emulator, PLAYBOOK, "-vvv", "--diff")
    assert rc == 0, output[-3000:]
    systems = dict((p["DisplayName"], p) for p in emulator.phone_systems())
    assert (systems["HQ"]["MwiForceOff"], systems["HQ"]["CallLoopGuardTimeMs"]) in (("true", "3000"), (True, 3000))
    assert systems["BR"]["MwiPortMemory"] in ("true", True)
    group = emulator.api("GET", "/vmrest/portgroups", params={"query": "(DisplayName is HQ-SIP)"}).json()["PortGroup"]
    assert (str(group["EnableMWI"]).lower(), str(group["SipTransportProtocolEnum"])) == ("false", "11")
    assert group["SipAuthenticateAsUser"] == "cuc-ports"
    assert SECRET not in output  # not in the results, the diff, nor the arguments shown with -vvv

    emulator.clear_log()
    rc, output = playbook(tmp_path, emulator, PLAYBOOK)
    assert rc == 0, output[-3000:]
    assert "changed=0" in output
    assert [e["method"] for e in emulator.requests_log() if e["method"] != "GET"] == []


@pytest.mark.parametrize("settings, message", [
    ({"enable_mwii": True},
     "settings: unknown key enable_mwii; allowed: enable_mwi, mwi_on_code,"),
    ({"name": "OTHER"}, "settings: unknown key name; allowed: enable_mwi,"),
    ({"enable_mwi": "maybe"}, "argument 'enable_mwi' is of type str and we were unable to convert to bool"),
    ({"sip_transport_protocol": "sctp"}, "value of sip_transport_protocol must be one of: udp, tcp, got: sctp"),
], ids=["misspelt", "not-a-setting", "bad-type", "bad-choice"])
def test_a_bad_setting_is_named_before_any_request(emulator, tmp_path, settings, message):
    text = textwrap.dedent("""\
        - hosts: localhost
          gather_facts: false
          tasks:
            - cupi.telephony.port_group:
                name: HQ-SIP
                phone_system: HQ
                integration: sip
                host: 10.1.1.10
                settings: %s
        """) % json.dumps(settings)
    emulator.clear_log()
    rc, output = playbook(tmp_path, emulator, text)
    assert rc == 2, output[-3000:]
    assert message in output
    assert emulator.requests_log() == []


def test_an_option_given_both_ways_is_refused(emulator, tmp_path):
    text = textwrap.dedent("""\
        - hosts: localhost
          gather_facts: false
          tasks:
            - cupi.telephony.phone_system:
                name: HQ
                mwi_force_off: true
                settings: {mwi_force_off: false, mwi_port_memory: true}
        """)
    emulator.clear_log()
    rc, output = playbook(tmp_path, emulator, text)
    assert rc == 2, output[-3000:]
    assert "settings: mwi_force_off also given as an option of its own; give each once" in output
    assert emulator.requests_log() == []


def test_settings_override_module_defaults(emulator, tmp_path):
    """module_defaults for the module are defaults: settings override them, as the task's own
    options do (ansible merges the defaults into the task's options before the module runs)."""
    text = textwrap.dedent("""\
        - hosts: localhost
          gather_facts: false
          module_defaults:
            cupi.telephony.phone_system: {mwi_force_off: true, mwi_port_memory: true}
          tasks:
            - cupi.telephony.phone_system:
                name: HQ
                settings: {mwi_force_off: false}
        """)
    rc, output = playbook(tmp_path, emulator, text)
    assert rc == 0, output[-3000:]
    system = emulator.phone_systems()[0]
    assert (str(system["MwiForceOff"]).lower(), str(system["MwiPortMemory"]).lower()) == ("false", "true")


@pytest.mark.parametrize("settings, message", [
    ({"sip_authenticate_password": SECRET, "bogus": 1}, "settings: unknown key bogus; allowed: enable_mwi,"),
    ({"sip_authenticate_password": SECRET}, "settings: sip_authenticate_password also given as an option"),
    ("sip_authenticate_password=%s" % SECRET, "settings: expected a dictionary of enable_mwi,"),
], ids=["unknown-key", "both-ways", "not-a-dict"])
def test_module_path_refusals_never_show_the_password(connection, emulator, tmp_path, settings, message):
    """The plain-module path folds settings in as AnsibleModule reads the options, before it
    logs or returns them (invocation): a refused settings is dropped unseen."""
    options = dict(connection, name="Plain-SIP", phone_system="Plain", integration="sip", host="10.1.1.10",
                   settings=settings, _ansible_inject_invocation=True)
    if "also given" in message:
        options["sip_authenticate_password"] = "another-" + SECRET
    emulator.clear_log()
    result = run_module("port_group", options, tmp_path)
    assert result["failed"] is True
    assert result["msg"].startswith(message), result["msg"]
    assert "invocation" in result
    assert SECRET not in json.dumps(result)
    assert emulator.requests_log() == []


def test_settings_on_the_module_path(connection, emulator, tmp_path):
    result = run_module("phone_system", dict(connection, name="Plain", settings={"mwi_force_off": True}),
                        tmp_path, diff=True)
    assert result["changed"] is True, result
    assert result["diff"]["after"]["mwi_force_off"] is True
    assert [p["MwiForceOff"] for p in emulator.phone_systems()] in (["true"], [True])
    again = run_module("phone_system", dict(connection, name="Plain", mwi_force_off=True), tmp_path)
    assert again["changed"] is False

    result = run_module("port_group", dict(connection, name="Plain-SIP", phone_system="Plain", integration="sip",
                                           host="10.1.1.10", settings={"sip_authenticate_as_user": "cuc-ports",
                                                                       "sip_authenticate_password": SECRET},
                                           _ansible_inject_invocation=True),
                        tmp_path, diff=True)
    assert result["changed"] is True, result
    assert "invocation" in result
    assert SECRET not in json.dumps(result)  # nor in the invocation's arguments

    emulator.clear_log()
    result = run_module("phone_system", dict(connection, name="Plain", settings={"mwi_force_of": True}), tmp_path)
    assert result["failed"] is True
    assert result["msg"].startswith("settings: unknown key mwi_force_of; allowed: mwi_always_update,")
    assert emulator.requests_log() == []


def test_settings_hold_every_option_but_the_ones_documented_apart():
    """The documentation of ``settings`` names exactly the options it cannot hold."""
    import re

    import yaml

    for module in (phone_system, port_group):
        described = " ".join(yaml.safe_load(module.DOCUMENTATION)["options"]["settings"]["description"])
        named = re.findall(r"O\((\w+)\)", described.split(" (and the connection options)", maxsplit=1)[0])
        assert tuple(named) == module.Runner.not_settings
        assert set(module.Runner.settings_keys()) == (
            set(module.Runner.argument_spec) - set(module.Runner.not_settings) - {"settings"})
