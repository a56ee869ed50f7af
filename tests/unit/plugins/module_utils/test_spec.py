# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource specs, directly: Field conversions, checks and argument specs, Resource
comparisons, and the helpers for per-port overrides. No server, no module."""

from __future__ import annotations

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.resources import (
    AXL_SERVER,
    DTMF_DIGITS,
    PHONE_SYSTEM,
    PORT,
    PORT_GROUP,
    PORT_GROUP_CODEC,
    PORT_GROUP_SERVER,
    SIP_SECURITY_PROFILE,
    VMS_SERVER,
)
from ansible_collections.cupi.telephony.plugins.module_utils.spec import (
    Field,
    Resource,
    device_prefix_error,
    object_label,
    override_errors,
    port_numbers,
    port_ranges,
    primary_only,
    values_equal,
)

# A resource of the test's own: a readonly field with a range, an alias, a secret.
GADGET = Resource(
    kind="gadget",
    path="/vmrest/gadgets",
    root="Gadget",
    id_field="GadgetObjectId",
    fields=[
        Field("name", "DisplayName", max_length=8, aliases=["title"]),
        Field("size", "Size", type="int", minimum=1, maximum=9),
        Field("token", "Token", secret=True, max_length=4),
        Field("count", "Count", type="int", minimum=0, maximum=1, readonly=True),
    ],
)


def field(resource, option):
    return resource.by_option[option]


# Field.to_api --------------------------------------------------------------------------------

@pytest.mark.parametrize("resource, option, value, expected", [
    (PHONE_SYSTEM, "name", "HQ", "HQ"),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", 3000, "3000"),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", 0, "0"),
    (PHONE_SYSTEM, "mwi_force_off", True, "true"),
    (PHONE_SYSTEM, "mwi_force_off", False, "false"),
    (PORT_GROUP, "integration", "sccp", "1"),
    (PORT_GROUP, "integration", "sip", "2"),
    (PORT_GROUP, "integration", "pimg", "3"),
    (PORT_GROUP, "sip_transport_protocol", "tcp", "11"),
    (PORT_GROUP_SERVER, "type", "sip_proxy", "102"),
    (PORT_GROUP_CODEC, "packet_size", 30, "30"),
    (PORT, "security_mode", "non_secure", "0"),
], ids=["str", "int", "int zero", "bool true", "bool false", "enum sccp", "enum sip", "enum pimg",
        "enum transport", "enum server type", "int with allowed", "enum zero"])
def test_to_api(resource, option, value, expected):
    assert field(resource, option).to_api(value) == expected


def test_to_api_rejects_a_read_only_choice():
    # pimg (104) is read from the server but is no choice of the option: never sent.
    with pytest.raises(KeyError):
        field(PORT_GROUP_SERVER, "type").to_api("pimg")


# Field.from_api ------------------------------------------------------------------------------

@pytest.mark.parametrize("resource, option, raw, expected", [
    (PHONE_SYSTEM, "name", "HQ", "HQ"),
    (PHONE_SYSTEM, "name", "  HQ \n", "HQ"),
    (PHONE_SYSTEM, "name", "", ""),
    (PHONE_SYSTEM, "name", None, None),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", "3000", 3000),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", " 42 ", 42),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", 7, 7),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", "", None),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", "   ", None),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", None, None),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", "lots", "lots"),
    (PHONE_SYSTEM, "call_loop_guard_time_ms", "1.5", "1.5"),
    (PHONE_SYSTEM, "mwi_force_off", "true", True),
    (PHONE_SYSTEM, "mwi_force_off", "True", True),
    (PHONE_SYSTEM, "mwi_force_off", " TRUE ", True),
    (PHONE_SYSTEM, "mwi_force_off", "1", True),
    (PHONE_SYSTEM, "mwi_force_off", "yes", True),
    (PHONE_SYSTEM, "mwi_force_off", "on", True),
    (PHONE_SYSTEM, "mwi_force_off", True, True),
    (PHONE_SYSTEM, "mwi_force_off", "false", False),
    (PHONE_SYSTEM, "mwi_force_off", "0", False),
    (PHONE_SYSTEM, "mwi_force_off", "", False),
    (PHONE_SYSTEM, "mwi_force_off", "no", False),
    (PHONE_SYSTEM, "mwi_force_off", False, False),
    (PHONE_SYSTEM, "mwi_force_off", None, None),
    (PORT_GROUP, "integration", "1", "sccp"),
    (PORT_GROUP, "integration", " 2 ", "sip"),
    (PORT_GROUP, "integration", 3, "pimg"),
    (PORT_GROUP, "integration", "9", "9"),
    (PORT_GROUP, "reset_status", "100", "required"),
    (PORT_GROUP, "reset_status", "0", "not_required"),
    (PORT, "security_mode", "2", "encrypted"),
    (PORT_GROUP_SERVER, "type", "100", "cucm"),
    (PORT_GROUP_SERVER, "type", "104", "pimg"),
    (PORT_GROUP_SERVER, "type", "105", "105"),
    (PORT_GROUP, "phone_system", " 5f1c-77aa ", "5f1c-77aa"),
    (PORT_GROUP, "sip_security_profile", "5060", "5060"),
    (PORT_GROUP_CODEC, "name", "codec-id-1", "codec-id-1"),
], ids=["str", "str trimmed", "str empty", "str none",
        "int", "int trimmed", "int given as int", "int empty", "int blank", "int none", "int not numeric",
        "int not whole",
        "bool true", "bool True", "bool TRUE trimmed", "bool 1", "bool yes", "bool on", "bool given as bool",
        "bool false", "bool 0", "bool empty", "bool no", "bool given as False", "bool none",
        "enum 1", "enum trimmed", "enum given as int", "enum unknown code kept",
        "enum readonly 100", "enum readonly 0", "enum port security", "server type",
        "server type from read_choices", "server type unknown kept",
        "reference raw id", "int reference stays text", "codec reference"])
def test_from_api(resource, option, raw, expected):
    assert field(resource, option).from_api(raw) == expected


# Field.check ---------------------------------------------------------------------------------

GUARD = field(PHONE_SYSTEM, "call_loop_guard_time_ms")
START = field(PHONE_SYSTEM, "restrict_dial_start_time")


@pytest.mark.parametrize("fld, value, label, expected", [
    (GUARD, 0, None, None),
    (GUARD, 10000, None, None),
    (GUARD, 5000, None, None),
    (GUARD, -1, None, "call_loop_guard_time_ms must be between 0 and 10000, got -1"),
    (GUARD, 10001, None, "call_loop_guard_time_ms must be between 0 and 10000, got 10001"),
    (GUARD, None, None, None),
    (GUARD, 10001, "settings.guard", "settings.guard must be between 0 and 10000, got 10001"),
    (START, 1439, None, None),
    (START, 1440, None, "restrict_dial_start_time must be between 0 and 1439, got 1440"),
    (field(SIP_SECURITY_PROFILE, "sip_port"), 1023, None, "sip_port must be between 1024 and 65535, got 1023"),
    (field(SIP_SECURITY_PROFILE, "sip_port"), 1024, None, None),
    (field(SIP_SECURITY_PROFILE, "sip_port"), 65535, None, None),
    (field(SIP_SECURITY_PROFILE, "sip_port"), 65536, None, "sip_port must be between 1024 and 65535, got 65536"),
    (field(PHONE_SYSTEM, "name"), "x" * 64, None, None),
    (field(PHONE_SYSTEM, "name"), "x" * 65, None, "name must be at most 64 characters long, got 65"),
    (field(PHONE_SYSTEM, "name"), "", None, None),
    (field(PHONE_SYSTEM, "name"), None, None, None),
    (field(PORT_GROUP, "device_prefix"), "p" * 49, "port_group.device_prefix",
     "port_group.device_prefix must be at most 48 characters long, got 49"),
    (field(PHONE_SYSTEM, "call_loop_dtmf"), "#", None, None),
    (field(PHONE_SYSTEM, "mwi_force_off"), True, None, None),
    (field(PORT_GROUP, "integration"), "sip", None, None),
    (field(PORT_GROUP_CODEC, "packet_size"), 15, None, None),
], ids=["int low end", "int high end", "int inside", "int below", "int above", "int none", "int label",
        "start time high end", "start time above", "sip port below", "sip port low end", "sip port high end",
        "sip port above", "str at max", "str over max", "str empty", "str none", "str label",
        "allowed str not range-checked", "bool never", "enum never", "allowed int left to the argspec"])
def test_field_check(fld, value, label, expected):
    assert fld.check(value, label) == expected


# Field.argspec ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fld, expected", [
    (field(PHONE_SYSTEM, "name"), {"type": "str"}),
    (field(PHONE_SYSTEM, "call_loop_guard_time_ms"), {"type": "int"}),
    (field(PHONE_SYSTEM, "mwi_force_off"), {"type": "bool"}),
    (field(PORT_GROUP, "integration"), {"type": "str", "choices": ["sccp", "sip", "pimg"]}),
    (field(PORT_GROUP, "sip_tls_mode"), {"type": "str", "choices": ["authenticated", "encrypted"]}),
    (field(PORT_GROUP_SERVER, "type"), {"type": "str", "choices": ["cucm", "tftp", "sip_proxy"]}),
    (field(PHONE_SYSTEM, "call_loop_dtmf"), {"type": "str", "choices": DTMF_DIGITS}),
    (field(PORT_GROUP_CODEC, "packet_size"), {"type": "int", "choices": [10, 20, 30]}),
    (field(AXL_SERVER, "password"), {"type": "str", "no_log": True}),
    (field(PORT_GROUP, "sip_authenticate_password"), {"type": "str", "no_log": True}),
    (field(GADGET, "name"), {"type": "str", "aliases": ["title"]}),
    (field(PORT_GROUP, "phone_system"), {"type": "str"}),
], ids=["str", "int", "bool", "enum", "enum tls", "enum without read_choices", "allowed str", "allowed int",
        "secret", "secret sip", "aliases", "reference"])
def test_field_argspec(fld, expected):
    assert fld.argspec() == expected


# Resource.argspec ------------------------------------------------------------------------------

def test_resource_argspec_required_and_readonly_left_out():
    spec = GADGET.argspec(required=("name",))
    assert spec == {
        "name": {"type": "str", "aliases": ["title"], "required": True},
        "size": {"type": "int"},
        "token": {"type": "str", "no_log": True},
    }
    assert GADGET.argspec() == {"name": {"type": "str", "aliases": ["title"]}, "size": {"type": "int"},
                                "token": {"type": "str", "no_log": True}}


def test_resource_argspec_exclude():
    assert GADGET.argspec(exclude=("token", "size")) == {"name": {"type": "str", "aliases": ["title"]}}


@pytest.mark.parametrize("resource, readonly", [
    (PHONE_SYSTEM, ["port_count"]),
    (PORT_GROUP, ["reset_status", "port_count"]),
    (PORT, ["name", "number", "device_name"]),
    (AXL_SERVER, ["ccm_version"]),
    (PORT_GROUP_SERVER, []),
], ids=["phone system", "port group", "port", "AXL server", "port group server"])
def test_resource_argspec_is_every_writable_field(resource, readonly):
    spec = resource.argspec()
    assert sorted(spec) == sorted(f.option for f in resource.fields if f.option not in readonly)
    assert [f.option for f in resource.writable()] == [f.option for f in resource.fields if f.option not in readonly]


# Resource.check --------------------------------------------------------------------------------

@pytest.mark.parametrize("resource, params, prefix, expected", [
    (PORT_GROUP_SERVER, {"type": "cucm", "host": "10.1.1.10", "port": 2000}, "servers[0].", []),
    (PORT_GROUP_SERVER, {"precedence": -1, "host": "h" * 256, "port": 10000}, "servers[1].", [
        "servers[1].host must be at most 255 characters long, got 256",
        "servers[1].port must be between 0 and 9999, got 10000",
        "servers[1].precedence must be between 0 and 9999, got -1",
    ]),
    (AXL_SERVER, {"password": "p" * 256}, "", ["password must be at most 255 characters long, got 256"]),
    (GADGET, {"size": 0, "count": 5, "token": "12345"}, "gadgets[2].", [
        "gadgets[2].size must be between 1 and 9, got 0",
        "gadgets[2].token must be at most 4 characters long, got 5",
    ]),
    (GADGET, {}, "x.", []),
    (PORT, {"hunt_order": 10000, "number": -3}, "", ["hunt_order must be between 0 and 9999, got 10000"]),
], ids=["all well", "in field order, with the prefix", "secret checked too", "readonly not checked",
        "nothing given", "port"])
def test_resource_check(resource, params, prefix, expected):
    assert resource.check(params, prefix) == expected


# Resource.from_api -----------------------------------------------------------------------------

@pytest.mark.parametrize("resource, raw, expected", [
    (PORT_GROUP, {"DisplayName": " HQ-SIP ", "TelephonyIntegrationMethodEnum": "2", "SipAuthenticatePassword": "pw",
                  "ResetStatusEnum": "100", "PortCount": "4", "ObjectId": "pg-1", "Unknown": "z"},
     {"name": "HQ-SIP", "integration": "sip", "reset_status": "required", "port_count": 4, "object_id": "pg-1"}),
    (AXL_SERVER, {"HostOrIPAddress": "10.1.1.10", "CcmAXLPassword": "secret", "CcmVersion": "14.0",
                  "Port": "8443", "IsPinSyncEnabled": "false", "ObjectId": "axl-1"},
     {"host": "10.1.1.10", "ccm_version": "14.0", "port": 8443, "pin_sync": False, "object_id": "axl-1"}),
    (VMS_SERVER, {"ServerName": "cuc-pub", "VmsServerObjectId": "vms-1", "ObjectId": "other"},
     {"name": "cuc-pub", "object_id": "vms-1"}),
    (VMS_SERVER, {"ServerName": "cuc-pub", "ObjectId": "obj-1"}, {"name": "cuc-pub", "object_id": "obj-1"}),
    (PHONE_SYSTEM, {"DisplayName": "HQ"}, {"name": "HQ", "object_id": None}),
    (PHONE_SYSTEM, {}, {"object_id": None}),
    (GADGET, {"DisplayName": "g", "Token": "t", "Count": "1", "GadgetObjectId": "g-1"},
     {"name": "g", "count": 1, "object_id": "g-1"}),
], ids=["port group: readonly kept, secret left out, unknown key ignored", "AXL server", "own id field",
        "id field missing: ObjectId", "no id", "empty object", "declared resource"])
def test_resource_from_api(resource, raw, expected):
    assert resource.from_api(raw) == expected


# Resource.differences --------------------------------------------------------------------------

@pytest.mark.parametrize("resource, current, desired, expected", [
    (PHONE_SYSTEM, {"name": "HQ", "mwi_force_off": False, "call_loop_guard_time_ms": 2500},
     {"name": "HQ", "mwi_force_off": True, "call_loop_guard_time_ms": None}, ["mwi_force_off"]),
    (PHONE_SYSTEM, {"name": "HQ", "mwi_force_off": False}, {"name": "HQ"}, []),
    (PHONE_SYSTEM, {"name": "hq"}, {"name": "HQ"}, []),
    (PHONE_SYSTEM, {"name": "HQ", "call_loop_dtmf": "a"}, {"call_loop_dtmf": "A"}, ["call_loop_dtmf"]),
    (PHONE_SYSTEM, {"call_loop_guard_time_ms": 2500}, {"call_loop_guard_time_ms": 2500}, []),
    (PHONE_SYSTEM, {"call_loop_guard_time_ms": 2500}, {"call_loop_guard_time_ms": 3000}, ["call_loop_guard_time_ms"]),
    (PHONE_SYSTEM, {"call_loop_guard_time_ms": "lots"}, {"call_loop_guard_time_ms": 3000},
     ["call_loop_guard_time_ms"]),
    (PHONE_SYSTEM, {"port_count": 4}, {"port_count": 8}, []),
    (PHONE_SYSTEM, {"name": "HQ", "call_loop_dtmf": None}, {"call_loop_dtmf": ""}, []),
    (PHONE_SYSTEM, {"name": "HQ"}, {"call_loop_dtmf": ""}, []),
    (PHONE_SYSTEM, {"name": "HQ"}, {"call_loop_dtmf": "#"}, ["call_loop_dtmf"]),
    (PHONE_SYSTEM, {"name": "HQ"}, {"mwi_force_off": False}, ["mwi_force_off"]),
    (PHONE_SYSTEM, {"name": "HQ"}, {"call_loop_guard_time_ms": 0}, ["call_loop_guard_time_ms"]),
    (AXL_SERVER, {"host": "10.1.1.10", "username": "axl"}, {"host": "10.1.1.10", "password": "new"}, []),
    (AXL_SERVER, {"host": "CUCM.example.com", "host_ipv6": "FE80::1"},
     {"host": "cucm.example.com", "host_ipv6": "fe80::1"}, []),
    (AXL_SERVER, {"username": "AXL"}, {"username": "axl"}, ["username"]),
    (AXL_SERVER, {"port": 8443, "pin_sync": True}, {"pin_sync": False, "port": 8443}, ["pin_sync"]),
    (PORT_GROUP, {"name": "HQ-SIP", "phone_system": "CUCM-HQ"}, {"name": "HQ-SIP", "host": "10.1.1.10"}, []),
    (PORT_GROUP, {"name": "HQ-SIP", "host": "10.1.1.10"}, {"host": "10.1.1.11"}, ["host"]),
    (PORT_GROUP, {"integration": "sip", "device_prefix": "A"}, {"integration": "sccp", "device_prefix": "B"},
     ["integration", "device_prefix"]),
    (PORT_GROUP, {"phone_system": "CUCM-HQ"}, {"phone_system": "cucm-hq"}, []),
    (PORT_GROUP, {"sip_certificate": "Cert-A"}, {"sip_certificate": "cert-a"}, []),
    (PORT_GROUP, {"sip_security_profile": 5060}, {"sip_security_profile": 5060}, []),
    (PORT_GROUP, {"sip_security_profile": 5060}, {"sip_security_profile": 5061}, ["sip_security_profile"]),
    (PORT_GROUP, {"sip_contact_line_name": "Line"}, {"sip_contact_line_name": "line"}, ["sip_contact_line_name"]),
    (PORT_GROUP, {"mwi_on_code": "99"}, {"mwi_on_code": 99}, []),
    (PORT_GROUP, {"reset_status": "required"}, {"reset_status": "not_required"}, []),
    (PORT_GROUP, {"preferred_call_control": "ipv4"}, {"preferred_call_control": "ipv6"}, ["preferred_call_control"]),
    (PORT_GROUP, {"sip_authenticate_password": "a"}, {"sip_authenticate_password": "b"}, []),
    (PORT_GROUP_SERVER, {"type": "cucm", "host": "10.1.1.10", "precedence": 1},
     {"type": "cucm", "host": "10.1.1.10", "precedence": 2, "port": 2000}, ["port", "precedence"]),
], ids=["only given options", "nothing given besides the key", "name case-insensitive", "other str case-sensitive",
        "int equal", "int differs", "int kept as text differs", "readonly never compared",
        "str None vs empty", "missing str taken as empty", "missing str differs from a value",
        "missing bool differs from false", "missing int differs from zero", "secret never compared",
        "host and host_ipv6 case-insensitive", "username case-sensitive", "bool differs",
        "create-only the server leaves out", "create-only the server shows", "create-only reported",
        "reference case-insensitive", "str reference case-insensitive", "int reference equal",
        "int reference differs", "line name case-sensitive", "str compared as text",
        "readonly enum never compared", "enum differs", "secret of a port group", "in field order"])
def test_differences(resource, current, desired, expected):
    assert resource.changed_options(current, desired) == expected


# values_equal ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fld, have, want, expected", [
    (field(PHONE_SYSTEM, "name"), "HQ", "hq", True),
    (field(PHONE_SYSTEM, "name"), None, "", True),
    (field(PHONE_SYSTEM, "name"), None, "HQ", False),
    (field(AXL_SERVER, "host"), "CUCM-A", "cucm-a", True),
    (field(AXL_SERVER, "host_ipv6"), "FE80::1", "fe80::1", True),
    (field(PORT_GROUP, "phone_system"), "CUCM-HQ", "cucm-hq", True),
    (field(PORT_GROUP_CODEC, "name"), "G.711 mu-law", "g.711 MU-LAW", True),
    (field(AXL_SERVER, "username"), "Axl", "axl", False),
    (field(AXL_SERVER, "username"), "axl", "axl", True),
    (field(AXL_SERVER, "username"), None, "", True),
    (field(AXL_SERVER, "username"), "", "axl", False),
    (field(PORT_GROUP, "mwi_on_code"), "99", 99, True),
    (field(AXL_SERVER, "port"), 8443, 8443, True),
    (field(AXL_SERVER, "port"), "8443", 8443, False),
    (field(AXL_SERVER, "port"), None, 0, False),
    (field(AXL_SERVER, "pin_sync"), None, False, False),
    (field(AXL_SERVER, "pin_sync"), True, True, True),
    (field(PORT_GROUP, "integration"), "sip", "sip", True),
    (field(PORT_GROUP, "integration"), "sip", "SIP", False),
    (field(PORT_GROUP, "sip_security_profile"), 5060, 5060, True),
    (field(PORT_GROUP, "sip_security_profile"), "5060", 5060, False),
], ids=["name case", "name none vs empty", "name none vs value", "host case", "host_ipv6 case",
        "reference case", "codec reference case", "other str case-sensitive", "other str equal",
        "other str none vs empty", "other str empty vs value", "str vs int as text", "int equal",
        "int vs text", "int none vs zero", "bool none vs false", "bool equal", "enum equal", "enum case-sensitive",
        "int reference equal", "int reference vs text"])
def test_values_equal(fld, have, want, expected):
    assert values_equal(fld, have, want) is expected


# device_prefix_error ---------------------------------------------------------------------------

@pytest.mark.parametrize("integration, prefix, expected", [
    ("sccp", "CiscoUM1-VI", None),
    ("sip", None, None),
    ("pimg", None, None),
    (None, "CiscoUM1-VI", None),
    ("sip", "CiscoUM1-VI", "device_prefix applies to SCCP port groups only; remove it for integration sip"),
    ("pimg", "X", "device_prefix applies to SCCP port groups only; remove it for integration pimg"),
    ("sip", "", "device_prefix applies to SCCP port groups only; remove it for integration sip"),
], ids=["sccp", "sip without", "pimg without", "integration unknown", "sip with", "pimg with", "sip with empty"])
def test_device_prefix_error(integration, prefix, expected):
    assert device_prefix_error(integration, prefix) == expected


# primary_only ----------------------------------------------------------------------------------

NOT_FIRST = "axl_servers[%d].pin_sync: applies to the primary server only, the first listed (axl_servers[0])"
NOT_LOWEST = ("axl_servers[0].pin_sync: applies to the primary server only, the one with the lowest precedence; "
              "give axl_servers[0] the lowest precedence")


@pytest.mark.parametrize("items, expected", [
    ([], []),
    ([{"host": "a", "pin_sync": True}], []),
    ([{"host": "a", "pin_sync": True}, {"host": "b", "pin_sync": False}], []),
    ([{"host": "a"}, {"host": "b", "pin_sync": True}], [NOT_FIRST % 1]),
    ([{"host": "a", "pin_sync": True}, {"host": "b", "pin_sync": True}, {"host": "c", "pin_sync": True}],
     [NOT_FIRST % 1, NOT_FIRST % 2]),
    ([{"host": "a", "pin_sync": True, "precedence": 2}, {"host": "b", "precedence": 1}], [NOT_LOWEST]),
    ([{"host": "a", "pin_sync": True, "precedence": 1}, {"host": "b", "precedence": 2}], []),
    ([{"host": "a", "pin_sync": True, "precedence": 1}, {"host": "b", "precedence": 1}], []),
    ([{"host": "a", "pin_sync": True}, {"host": "b", "precedence": 1}], []),
    ([{"host": "a", "pin_sync": True, "precedence": 5}, {"host": "b"}], []),
    ([{"host": "a", "pin_sync": True, "precedence": 3}, {"host": "b", "precedence": 1, "pin_sync": True}],
     [NOT_LOWEST, NOT_FIRST % 1]),
], ids=["none", "one", "first only", "second", "every one", "first not lowest", "first lowest",
        "first ties lowest", "first without precedence", "only the first gives one", "both errors"])
def test_primary_only(items, expected):
    assert primary_only(items, "pin_sync", "precedence", "axl_servers") == expected


# port_numbers, port_ranges ---------------------------------------------------------------------

NOT_NUMBERS = "%s must be port numbers such as 3, \"3-4\" or \"1,5-6\", got: %s"


@pytest.mark.parametrize("value, label, expected", [
    (3, "ports", ([3], None)),
    ("3", "ports", ([3], None)),
    ("3-4", "ports", ([3, 4], None)),
    ("1, 5-6", "ports", ([1, 5, 6], None)),
    (" 5-6 ,1 ", "ports", ([1, 5, 6], None)),
    ("1-3,2-4", "ports", ([1, 2, 3, 4], None)),
    ("7-7", "ports", ([7], None)),
    ("x", "ports", ([], NOT_NUMBERS % ("ports", "x"))),
    ("3-", "ports", ([], NOT_NUMBERS % ("ports", "3-"))),
    ("1,,2", "ports", ([], NOT_NUMBERS % ("ports", "1,,2"))),
    (None, "overrides[0].ports", ([], NOT_NUMBERS % ("overrides[0].ports", None))),
    ("", "ports", ([], NOT_NUMBERS % ("ports", ""))),
    (0, "ports", ([], "ports: 0 is not a range of port numbers (they start at 1)")),
    ("4-3", "ports", ([], "ports: 4-3 is not a range of port numbers (they start at 1)")),
    ("1, 0-2", "o.ports", ([], "o.ports: 0-2 is not a range of port numbers (they start at 1)")),
], ids=["int", "text", "range", "list with a range", "unordered, blanks", "overlapping ranges", "range of one",
        "not a number", "open range", "empty part", "none, label", "empty", "zero", "falling range",
        "zero in a list"])
def test_port_numbers(value, label, expected):
    assert port_numbers(value, label) == expected


@pytest.mark.parametrize("numbers, expected", [
    ([3], 3),
    ([2, 3], "2-3"),
    ([1, 3], "1,3"),
    ([1, 2, 3, 4, 7], "1-4,7"),
    ([7, 2, 1], "1-2,7"),
    ([1, 3, 4, 5, 9, 10], "1,3-5,9-10"),
    ([], ""),
], ids=["one", "two consecutive", "two apart", "range and one", "unordered", "several", "none"])
def test_port_ranges(numbers, expected):
    assert port_ranges(numbers) == expected


@pytest.mark.parametrize("numbers", [[1], [1, 2], [2, 4, 5, 6, 8], [1, 2, 3, 10, 11, 20]])
def test_port_ranges_read_back(numbers):
    assert port_numbers(port_ranges(numbers)) == (numbers, None)


# override_errors -------------------------------------------------------------------------------

def check_port(settings, label):
    return PORT.check(settings, label + ".")


@pytest.mark.parametrize("overrides, count, label, expected", [
    (None, 4, "overrides", ([], {})),
    ([], 4, "overrides", ([], {})),
    ([{"ports": "1-2", "enabled": False}, {"ports": 4, "hunt_order": 3}], 4, "overrides",
     ([], {1: 0, 2: 0, 4: 1})),
    ([{"ports": "1-2", "mwi": True}, {"ports": "2-3", "mwi": False}], 4, "overrides",
     (["overrides[1].ports: port 2 is already in overrides[0]"], {1: 0, 2: 0, 3: 1})),
    ([{"ports": "3-5", "mwi": True}], 4, "overrides",
     (["overrides[0].ports: port 5 is beyond the 4 ports of count"], {3: 0, 4: 0})),
    ([{"ports": "3-5", "mwi": True}], None, "overrides", ([], {3: 0, 4: 0, 5: 0})),
    ([{"ports": 2}], 4, "overrides", (["overrides[0]: sets nothing besides ports"], {2: 0})),
    ([{"ports": 2, "mwi": None}], 4, "ports.overrides", (["ports.overrides[0]: sets nothing besides ports"], {2: 0})),
    ([{"ports": "x"}], 4, "overrides", ([NOT_NUMBERS % ("overrides[0].ports", "x")], {})),
    ([{"ports": 1, "hunt_order": 10000}], 4, "overrides",
     (["overrides[0].hunt_order must be between 0 and 9999, got 10000"], {1: 0})),
    ([{"ports": "0", "mwi": True}, {"mwi": False}], 2, "ports.overrides",
     (["ports.overrides[0].ports: 0 is not a range of port numbers (they start at 1)",
       NOT_NUMBERS % ("ports.overrides[1].ports", None)], {})),
], ids=["none", "empty", "all well", "a port twice", "beyond count", "no count given", "sets nothing",
        "sets only None, other label", "bad numbers", "settings checked", "zero and no ports"])
def test_override_errors(overrides, count, label, expected):
    assert override_errors(overrides, count, check_port, label) == expected


# object_label ----------------------------------------------------------------------------------

@pytest.mark.parametrize("args, expected", [
    (("phone system", "HQ"), "phone system HQ"),
    (("SIP security profile", 5060), "SIP security profile 5060"),
    (("port group codec", "G.711 mu-law", "port group HQ-SIP"), "port group codec G.711 mu-law of port group HQ-SIP"),
    (("ports", None, "port group HQ-SIP"), "ports of port group HQ-SIP"),
    (("ports", "", "port group HQ-SIP"), "ports of port group HQ-SIP"),
    (("ports", None), "ports"),
    (("port group", "HQ", ""), "port group HQ"),
], ids=["kind and name", "number name", "with parent", "no name", "empty name", "kind only", "empty parent"])
def test_object_label(args, expected):
    assert object_label(*args) == expected
