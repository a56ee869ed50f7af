# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dry run's one declared model (plugins/module_utils/resources.py: what the server makes
and derives) checked against the emulator's rules, over the wire: what a new port group comes
with, which changes leave it needing a reset, what a delete takes with it."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    CHANGED_GROUP_RESET,
    NEW_GROUP_RESET,
    PORT_GROUP,
    RESOURCES,
    new_port_group_children,
)
from ansible_collections.cupi.telephony.plugins.modules import (
    phone_system,
    port_group,
    port_group_codecs,
    port_group_servers,
    ports,
    sip_certificate,
    sip_security_profile,
    telephony_info,
)


def run(module, connection, **options):
    params = dict(connection, **options)
    validation = ArgumentSpecValidator(module.Runner.full_argument_spec(),
                                       **module.Runner.validator_options()).validate(params)
    assert not validation.error_messages, validation.error_messages
    return module.Runner(validation.validated_parameters).execute()


def info(connection, *subsets, **filters):
    return run(telephony_info, connection, gather_subset=list(subsets), **filters)


def reset_status(connection, name):
    (group,) = info(connection, "port_groups", port_groups=[name])["port_groups"]
    return group["reset_status"]


NEW_GROUPS = [dict(integration="sccp", host="10.1.1.10", device_prefix="CiscoUM1-VI"),
              dict(integration="sip", host="10.1.1.11"),
              dict(integration="pimg", host="10.2.2.20")]


@pytest.mark.parametrize("options", NEW_GROUPS, ids=[g["integration"] for g in NEW_GROUPS])
def test_what_a_new_port_group_comes_with(connection, emulator, options):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="G", phone_system="HQ", **options)
    made = info(connection, "port_group_servers", "port_group_codecs", port_groups=["G"])
    predicted = new_port_group_children(options["integration"], options["host"])

    def without(rows, *keys):
        return [dict((k, v) for k, v in row.items() if k not in keys and v not in ("", None)) for row in rows]
    assert without(made["port_group_servers"], "object_id", "port_group", "host_ipv6") == \
        without(predicted["PortGroupServer"])
    assert without(made["port_group_codecs"], "object_id", "port_group") == without(predicted["PortGroupCodec"])
    assert reset_status(connection, "G") == NEW_GROUP_RESET


# A value different from the new group's for each field the model says resets the group.
RESET_CHANGES = dict(sip_transport_protocol="tcp", sip_tls_mode="authenticated", sip_security_profile=5071,
                     sip_certificate="cuc-sip")


def test_every_field_marked_resets_and_only_those_leave_the_group_needing_a_reset(connection, emulator):
    run(phone_system, connection, name="HQ")
    run(sip_security_profile, connection, sip_port=5071, tls=True)
    run(sip_certificate, connection, name="cuc-sip", subject_name="cuc-sip.example.com")
    marked = sorted(f.option for f in PORT_GROUP.fields if f.resets)
    assert marked == sorted(RESET_CHANGES)
    for index, (option, value) in enumerate(sorted(RESET_CHANGES.items())):
        name = "SIP-%d" % index
        run(port_group, connection, name=name, phone_system="HQ", integration="sip", host="10.1.1.11")
        run(port_group, connection, name=name, **{option: value})
        assert reset_status(connection, name) == CHANGED_GROUP_RESET, option
    run(port_group, connection, name="OTHER", phone_system="HQ", integration="sip", host="10.1.1.11")
    run(port_group, connection, name="OTHER", enable_mwi=False, mwi_on_code="9999", dtmf_dial_inter_digit_delay_ms=200)
    assert reset_status(connection, "OTHER") == NEW_GROUP_RESET


@pytest.mark.parametrize("module,items", [
    (port_group_servers, dict(servers=[dict(type="sip_proxy", host="10.1.1.12")])),
    (port_group_codecs, dict(codecs=[dict(name="G.711 a-law")])),
])
def test_a_change_to_a_child_that_resets_its_parent_leaves_it_needing_a_reset(connection, emulator, module, items):
    assert module.Runner.resource.resets_parent
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="G", phone_system="HQ", integration="sip", host="10.1.1.11")
    run(module, connection, port_group="G", **items)
    assert reset_status(connection, "G") == CHANGED_GROUP_RESET


def test_a_delete_takes_what_the_model_says(connection, emulator):
    """deletes_with: a port group's ports, a phone system's port groups (and their ports)."""
    declared = dict((r.kind, [(c.kind, f) for c, f in r.deletes_with]) for r in RESOURCES if r.deletes_with)
    assert declared == {"phone system": [("port group", "MediaSwitchObjectId")],
                        "port group": [("port", "MediaPortGroupObjectId")]}
    run(phone_system, connection, name="HQ")
    for name in ("A", "B"):
        run(port_group, connection, name=name, phone_system="HQ", integration="sip", host="10.1.1.11")
        run(ports, connection, port_group=name, count=2)
    run(port_group, connection, name="A", state="absent")
    assert sorted(p["port_group"] for p in info(connection, "ports")["ports"]) == ["B", "B"]
    run(phone_system, connection, name="HQ", state="absent")
    gone = info(connection, "port_groups", "ports")
    assert (gone["port_groups"], gone["ports"]) == ([], [])
