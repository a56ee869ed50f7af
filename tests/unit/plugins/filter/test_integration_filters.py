# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The integration and export filters, directly: the vars file checked, planned and
preflighted, and telephony_info's result exported. No server: the inputs are the role's
variables and what telephony_info returns."""

from __future__ import annotations

from collections.abc import Mapping

import copy
import datetime
import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.cupi.telephony.plugins.filter.integration import (
    FilterModule,
    COLLECTION_ROOT,
    _export_ports,
    collection_version,
    export_header,
    export_vars,
    in_scope,
    integration_errors,
    integration_plan,
    integration_preflight,
    integration_without_secrets,
    is_placeholder,
    secret_variable,
)

HQ = "cupi_phone_systems: port group HQ-SIP"
NOT_NUMBERS = "must be port numbers such as 3, \"3-4\" or \"1,5-6\", got: %s"


def system(name="CUCM-HQ", **values):
    return dict(name=name, **values)


def group(name="HQ-SIP", integration="sip", **values):
    return dict(name=name, integration=integration, host="10.1.1.10", **values)


# integration_errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("systems, profiles, certificates, expected", [
    ([], None, None, []),
    ([system(settings=dict(call_loop_guard_time_ms=3000, mwi_force_off=True, call_loop_dtmf="#"),
             axl_servers=[dict(host="10.1.1.10", pin_sync=True, precedence=1), dict(host="10.1.1.11", precedence=2)],
             port_groups=[group(servers=[dict(type="sip_proxy", host="10.1.1.10"), dict(type="tftp", host="10.1.1.10")],
                                codecs=[dict(name="G.711 mu-law", packet_size=20)],
                                ports=dict(count=4, overrides=[dict(ports="3-4", mwi=False)]))])],
     [dict(port=5060)], [dict(name="cuc-cert")], []),
    ([system(settings=dict(call_loop_guard_time_ms="3000", restrict_dial_start_time=" 5"))], None, None, []),
    ([system(settings=dict(unknown_key=-1, port_count=-5))], None, None, []),
    ([system(), system("cucm-hq")], None, None, ["cupi_phone_systems: cucm-hq is listed twice"]),
    ([], [dict(port=5060), dict(port=5060, state="absent")], None,
     ["cupi_sip_security_profiles: 5060 is listed twice"]),
    ([], None, [dict(name="Cert"), dict(name="cert")], ["cupi_sip_certificates: cert is listed twice"]),
    ([system(port_groups=[group()]), system("CUCM-BR", port_groups=[group("hq-sip")])], None, None,
     ["cupi_phone_systems port groups: hq-sip is listed twice"]),
    ([system(axl_servers=[dict(host="10.1.1.10"), dict(host="10.1.1.10")])], None, None,
     ["cupi_phone_systems: CUCM-HQ: axl_servers: 10.1.1.10 is listed twice"]),
    ([system(axl_servers=[dict(host="a"), dict(host="b", pin_sync=True)])], None, None,
     ["cupi_phone_systems: CUCM-HQ: axl_servers[1].pin_sync: applies to the primary server only, the first "
      "listed (axl_servers[0])"]),
    ([system(settings=dict(call_loop_guard_time_ms=10001, call_loop_dtmf="E", restrict_dial_end_time="soon"))],
     None, None,
     ["cupi_phone_systems: CUCM-HQ: settings.call_loop_dtmf must be one of: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, *, #, "
      "A, B, C, D, got: E",
      "cupi_phone_systems: CUCM-HQ: settings.call_loop_guard_time_ms must be between 0 and 10000, got 10001",
      "cupi_phone_systems: CUCM-HQ: settings.restrict_dial_end_time must be a whole number, got: soon"]),
    ([system("P" * 65)], None, None,
     ["cupi_phone_systems: %s: settings.name must be at most 64 characters long, got 65" % ("P" * 65)]),
], ids=["nothing", "all well", "numbers as text", "unknown and readonly keys left alone", "phone system twice",
        "profile twice, absent too", "certificate twice", "port group twice across phone systems",
        "axl server twice", "pin_sync not on the primary", "settings sorted by key", "name too long"])
def test_integration_errors(systems, profiles, certificates, expected):
    assert integration_errors(systems, profiles, certificates) == expected


@pytest.mark.parametrize("grp, expected", [
    (group(servers=[dict(type="sip_proxy", host="cucm-a"), dict(type="tftp", host="cucm-a"),
                    dict(type="sip_proxy", host="CUCM-A")], codecs=[dict(name="G.729"), dict(name="g.729")]),
     [HQ + ": servers: sip_proxy/CUCM-A is listed twice", HQ + ": codecs: g.729 is listed twice"]),
    (group(servers=[dict(type="sip_proxy", host="10.1.1.10"), dict(type="CUCM", host="10.1.1.11")]),
     [HQ + ": servers[1].type must be one of: cucm, tftp, sip_proxy, got: CUCM"]),
    (group(integration="h323"), [HQ + ": integration must be one of: sccp, sip, pimg, got: h323"]),
    (group(device_prefix="CiscoUM1-VI"),
     [HQ + ": device_prefix applies to SCCP port groups only; remove it for integration sip"]),
    (group("HQ-SCCP", "sccp", device_prefix="C" * 49),
     ["cupi_phone_systems: port group HQ-SCCP.device_prefix must be at most 48 characters long, got 49"]),
    (group("HQ-PIMG", "pimg", servers=[dict(type="cucm", host="10.1.1.10")]),
     ["cupi_phone_systems: port group HQ-PIMG: servers: Unity Connection supports no change to the servers of a "
      "PIMG/TIMG port group (its server is the port group's host); remove servers"]),
    (group("HQ-PIMG", "pimg", servers=[]), []),
    (group(settings=dict(mwi_max_concurrent_requests=251, preferred_call_control="ipv5", enable_mwi="yes",
                         sip_security_profile="not-checked-here", sip_certificate="nor-this")),
     [HQ + ": settings.mwi_max_concurrent_requests must be between 0 and 250, got 251",
      HQ + ": settings.preferred_call_control must be one of: ipv4, ipv6, ipv4_ipv6, got: ipv5"]),
    (group(servers=[dict(type="pimg", host="h", port=10000)]),
     [HQ + ": servers[0].port must be between 0 and 9999, got 10000",
      HQ + ": servers[0].type must be one of: cucm, tftp, sip_proxy, got: pimg"]),
    (group(codecs=[dict(name="G.729", packet_size="20"), dict(name="G.722", packet_size=25, preference=-1)]),
     [HQ + ": codecs[1].packet_size must be one of: 10, 20, 30, got: 25",
      HQ + ": codecs[1].preference must be between 0 and 9999, got -1"]),
    (group(ports=dict(count=4, hunt_order=10000, security_mode="x")),
     [HQ + ": ports.hunt_order must be between 0 and 9999, got 10000",
      HQ + ": ports.security_mode must be one of: non_secure, authenticated, encrypted, got: x",
      "cupi_phone_systems[0].port_groups[0] (HQ-SIP).ports.security_mode: applies to SCCP port groups only "
      "(SkinnySecurityModeEnum); remove it for integration sip"]),
    (group(ports=dict(count=3)), [HQ + ": ports.count must be an even number (ports come in pairs), got 3"]),
    (group(ports=dict(count="four")), [HQ + ": ports.count must be an even number (ports come in pairs), got four"]),
    (group(ports=dict(count="6")), []),
    (group(ports=dict(count=0)), []),
    (group(ports=dict(count=4, overrides=[dict(ports="3-5", mwi=False), dict(ports=1, hunt_order=-1),
                                          dict(ports="x"), dict(ports=2)])),
     [HQ + ": ports.overrides[0].ports: port 5 is beyond the 4 ports of count",
      HQ + ": ports.overrides[1].hunt_order must be between 0 and 9999, got -1",
      HQ + ": ports.overrides[2].ports " + NOT_NUMBERS % "x",
      HQ + ": ports.overrides[3]: sets nothing besides ports"]),
    (group(ports=dict(count=3, overrides=[dict(ports="3-5", mwi=False)])),
     [HQ + ": ports.count must be an even number (ports come in pairs), got 3"]),
], ids=["servers and codecs twice", "choices are case-sensitive", "unknown integration", "device prefix on sip",
        "device prefix too long", "servers on pimg", "no servers on pimg",
        "settings ranges and choices, references skipped",
        "server ranges and type", "codec choices and ranges", "port settings", "odd count", "count not a number",
        "count as text", "count zero", "overrides", "odd count: overrides not counted against it"])
def test_integration_errors_port_group(grp, expected):
    assert integration_errors([system(port_groups=[grp])]) == expected


@pytest.mark.parametrize("value, expected", [
    ({"name": "CUCM-HQ"}, ["cupi_phone_systems must be a list, got dict"]),
    (None, ["cupi_phone_systems must be a list, got NoneType"]),
    ("CUCM-HQ", ["cupi_phone_systems must be a list, got str"]),
], ids=["dict", "none", "text"])
def test_integration_errors_not_a_list(value, expected):
    assert integration_errors(value) == expected


# in_scope --------------------------------------------------------------------------------------

SCOPED = [system("CUCM-HQ"), system("CUCM-BR"), system("Lab")]


@pytest.mark.parametrize("systems, scope, expected", [
    (SCOPED, None, ["CUCM-HQ", "CUCM-BR", "Lab"]),
    (SCOPED, [], ["CUCM-HQ", "CUCM-BR", "Lab"]),
    (SCOPED, ["cucm-br"], ["CUCM-BR"]),
    (SCOPED, ["LAB", "CUCM-HQ"], ["CUCM-HQ", "Lab"]),
    (SCOPED, ["Nowhere"], []),
    (None, ["Lab"], []),
    ([system(5060), system("x")], [5060], [5060]),
], ids=["no scope", "empty scope", "any case", "file order kept", "naming nothing", "no systems", "not text"])
def test_in_scope(systems, scope, expected):
    assert [s["name"] for s in in_scope(systems, scope)] == expected


# integration_plan ------------------------------------------------------------------------------

PLAN_SYSTEMS = [
    system(settings=dict(mwi_force_off=True), axl_servers=[dict(host="10.1.1.10")], port_groups=[
        group(settings=dict(enable_mwi=True), servers=[dict(type="sip_proxy", host="10.1.1.10")],
              codecs=[dict(name="G.729")], ports=dict(count=4, mwi=False)),
        group("HQ-SCCP", "sccp", device_prefix="CiscoUM1-VI", servers=[]),
        dict(name="Old", state="absent", servers=[dict(type="cucm", host="10.1.1.99")]),
    ]),
    system("CUCM-BR", port_groups=[dict(name="BR-SIP")]),
    system("Retired", state="absent", axl_servers=[dict(host="10.3.3.3")], port_groups=[dict(name="RET-SIP")]),
]
PLAN_PROFILES = [dict(port=5060), dict(port=5061, state="absent")]
PLAN_CERTIFICATES = [dict(name="cuc-cert", state="present"), dict(name="old-cert", state="absent")]
HQ_SIP = dict(name="HQ-SIP", integration="sip", host="10.1.1.10", device_prefix=None, phone_system="CUCM-HQ",
              settings=dict(enable_mwi=True))
HQ_SCCP = dict(name="HQ-SCCP", integration="sccp", host="10.1.1.10", device_prefix="CiscoUM1-VI",
               phone_system="CUCM-HQ", settings={})
BR_SIP = dict(name="BR-SIP", integration=None, host=None, device_prefix=None, phone_system="CUCM-BR", settings={})
FULL_PLAN = dict(
    phone_systems=[dict(name="CUCM-HQ", settings=dict(mwi_force_off=True)), dict(name="CUCM-BR", settings={})],
    axl_servers=[dict(phone_system="CUCM-HQ", servers=[dict(host="10.1.1.10")])],
    port_groups=[HQ_SIP, HQ_SCCP, BR_SIP],
    port_group_servers=[dict(port_group="HQ-SIP", servers=[dict(type="sip_proxy", host="10.1.1.10")]),
                        dict(port_group="HQ-SCCP", servers=[])],
    port_group_codecs=[dict(port_group="HQ-SIP", codecs=[dict(name="G.729")])],
    ports=[dict(count=4, mwi=False, port_group="HQ-SIP")],
    reset=["HQ-SIP", "HQ-SCCP", "BR-SIP"],
    port_groups_absent=["Old"],
    phone_systems_absent=["Retired"],
    sip_security_profiles=[dict(port=5060)],
    sip_security_profiles_absent=[dict(port=5061, state="absent")],
    sip_certificates=[dict(name="cuc-cert", state="present")],
    sip_certificates_absent=[dict(name="old-cert", state="absent")],
)
EMPTY_STAGES = dict((k, []) for k in FULL_PLAN if not k.startswith("sip_"))
SERVER_WIDE = dict((k, v) for k, v in FULL_PLAN.items() if k.startswith("sip_"))


@pytest.mark.parametrize("scope, expected", [
    (None, FULL_PLAN),
    ([], FULL_PLAN),
    (["cucm-br"], dict(EMPTY_STAGES, phone_systems=[dict(name="CUCM-BR", settings={})], port_groups=[BR_SIP],
                       reset=["BR-SIP"], **SERVER_WIDE)),
    (["Retired"], dict(EMPTY_STAGES, phone_systems_absent=["Retired"], **SERVER_WIDE)),
    (["Nowhere"], dict(EMPTY_STAGES, **SERVER_WIDE)),
], ids=["no scope", "empty scope", "one phone system", "an absent phone system", "scope naming nothing"])
def test_integration_plan(scope, expected):
    systems = copy.deepcopy(PLAN_SYSTEMS)
    assert integration_plan(systems, PLAN_PROFILES, PLAN_CERTIFICATES, scope) == expected
    assert systems == PLAN_SYSTEMS


def test_integration_plan_without_profiles_or_certificates():
    assert integration_plan([system()]) == dict(
        dict((k, []) for k in FULL_PLAN), phone_systems=[dict(name="CUCM-HQ", settings={})])


@pytest.mark.parametrize("systems, match", [
    ([system(), system("cucm-hq")], "^cupi_phone_systems: cucm-hq is listed twice$"),
    ([system(port_groups=[group(ports=dict(count=3))]), system("HQ")],
     "^%s: ports.count must be an even number \\(ports come in pairs\\), got 3$" % HQ),
    ({}, "^cupi_phone_systems must be a list, got dict$"),
], ids=["one error", "errors of a phone system out of scope too", "not a list"])
def test_integration_plan_refuses_errors(systems, match):
    with pytest.raises(AnsibleFilterError, match=match):
        integration_plan(systems, scope=["HQ"])


# integration_preflight -------------------------------------------------------------------------

PREFLIGHT_INFO = dict(
    phone_systems=[dict(name="CUCM-HQ"), dict(name="CUCM-BR")],
    port_groups=[dict(name="HQ-SIP", phone_system="CUCM-HQ", integration="sip", port_count=4),
                 dict(name="BR-SCCP", phone_system="CUCM-BR", integration="sccp", device_prefix="CiscoUM1-VI",
                      port_count=2)],
    sip_security_profiles=[dict(sip_port=5060, tls=False)],
    sip_certificates=[dict(name="CUC-Cert", subject_name="cuc.example.com")],
    rtp_codecs=[dict(name="G.729"), dict(name="G.711 mu-law")],
    vms_servers=[dict(name="cuc-pub")],
    ports=[dict(port_group="HQ-SIP", number=n) for n in range(1, 5)]
    + [dict(port_group="BR-SCCP", number=n) for n in range(1, 3)],
)
P0 = "cupi_phone_systems[0].port_groups[0]"


@pytest.mark.parametrize("groups, expected", [
    ([group(settings=dict(sip_security_profile=5060, sip_certificate="cuc-cert", sip_authenticate_password="pw"),
            codecs=[dict(name="g.729")], ports=dict(count=4, vms_server="CUC-PUB"))], []),
    ([dict(name="New-SIP")],
     [P0 + ".host: needed to create port group New-SIP (it does not exist on the server)",
      P0 + ".integration: needed to create port group New-SIP (it does not exist on the server)"]),
    ([dict(name="New-SCCP", integration="sccp", host="", device_prefix=None)],
     [P0 + ".host: needed to create port group New-SCCP (it does not exist on the server)",
      P0 + ".device_prefix: needed to create port group New-SCCP (it does not exist on the server)"]),
    ([dict(name="New-SCCP", integration="sccp", host="10.1.1.10", device_prefix="CiscoUM2-VI")], []),
    ([dict(name="hq-sip")], []),
    ([dict(name="BR-SCCP", integration="SCCP", device_prefix="ciscoum1-vi")],
     [P0 + ": port group BR-SCCP exists on the server under phone system CUCM-BR, not CUCM-HQ"]),
    ([dict(name="HQ-SIP", integration="sccp", device_prefix="X")],
     [P0 + ".integration: port group HQ-SIP is sip on the server, and it cannot change"]),
    ([dict(name="HQ-SIP", integration="", device_prefix="")], []),
    ([dict(name="HQ-SIP", settings=dict(sip_security_profile=5070, sip_certificate="other"))],
     [P0 + ".settings.sip_security_profile: no SIP security profile 5070 on the server or in "
      "cupi_sip_security_profiles",
      P0 + ".settings.sip_certificate: no SIP certificate other on the server or in cupi_sip_certificates"]),
    ([dict(name="HQ-SIP", settings=dict(sip_security_profile=5062, sip_certificate="NEW-CERT"))], []),
    ([dict(name="HQ-SIP", settings=dict(sip_security_profile=5061, sip_certificate="gone-cert"))],
     [P0 + ".settings.sip_security_profile: no SIP security profile 5061 on the server or in "
      "cupi_sip_security_profiles",
      P0 + ".settings.sip_certificate: no SIP certificate gone-cert on the server or in cupi_sip_certificates"]),
    ([dict(name="HQ-SIP", settings=dict(sip_security_profile="", sip_certificate=None))], []),
    ([dict(name="HQ-SIP", settings=dict(sip_authenticate_password="Change-Me-sip"))],
     [P0 + ".settings.sip_authenticate_password: a placeholder (Change-Me-sip), not a password; set the real one"]),
    ([dict(name="HQ-SIP", codecs=[dict(name="G.729"), dict(name="G.722")], ports=dict(vms_server="cuc-sub"))],
     ["cupi_phone_systems[0].port_groups[0].codecs[1].name: the server has no codec G.722; it has g.711 mu-law, "
      "g.729",
      P0 + ".ports.vms_server: the server has no VMS server cuc-sub; it has cuc-pub"]),
    ([dict(name="HQ-SIP"), dict(name="Gone", state="absent"), dict(name="New")],
     ["cupi_phone_systems[0].port_groups[2].host: needed to create port group New (it does not exist on the "
      "server)",
      "cupi_phone_systems[0].port_groups[2].integration: needed to create port group New (it does not exist on "
      "the server)"]),
], ids=["all well", "new port group without host and integration", "new sccp port group without device prefix",
        "new sccp port group complete", "existing, any case", "under another phone system",
        "integration cannot change", "empty values not compared", "unknown profile and certificate",
        "profile and certificate from the variables", "absent profile and certificate do not count",
        "empty references", "placeholder sip password", "unknown codec and VMS server", "absent port group skipped"])
def test_integration_preflight(groups, expected):
    systems = [system(port_groups=groups)]
    profiles = [dict(port=5062), dict(port=5061, state="absent")]
    certificates = [dict(name="new-cert"), dict(name="gone-cert", state="absent")]
    assert integration_preflight(PREFLIGHT_INFO, systems, profiles, certificates) == expected


@pytest.mark.parametrize("systems, scope, expected", [
    ([system(axl_servers=[dict(host="a", password="s3cret"), dict(host="b", password="CHANGE-ME")])], None,
     ["cupi_phone_systems[0].axl_servers[1].password: a placeholder (CHANGE-ME), not a password; set the real one"]),
    ([system(axl_servers=[dict(host="a", password="changeme")], state="absent")], None,
     ["cupi_phone_systems[0].axl_servers[0].password: a placeholder (changeme), not a password; set the real one"]),
    ([system("CUCM-BR", port_groups=[dict(name="X")]), system(port_groups=[dict(name="Y")])], ["cucm-hq"],
     ["cupi_phone_systems[1].port_groups[0].host: needed to create port group Y (it does not exist on the server)",
      "cupi_phone_systems[1].port_groups[0].integration: needed to create port group Y (it does not exist on the "
      "server)"]),
    ([system(state="absent", port_groups=[dict(name="X")])], None, []),
], ids=["placeholder axl password", "placeholder under an absent phone system", "scope: paths keep the file index",
        "port groups of an absent phone system"])
def test_integration_preflight_systems(systems, scope, expected):
    assert integration_preflight(PREFLIGHT_INFO, systems, scope=scope) == expected


LICENCE = ("cupi_phone_systems: the port groups would have %d voice messaging ports in all; the licence allows %s "
           "(cupi_license_ports)")


@pytest.mark.parametrize("groups, licence, scope, expected", [
    ([dict(name="HQ-SIP", ports=dict(count=8))], 10, None, []),
    ([dict(name="HQ-SIP", ports=dict(count=8))], 9, None, [LICENCE % (10, 9)]),
    ([dict(name="HQ-SIP", ports=dict(count=8))], "9", None, [LICENCE % (10, "9")]),
    ([dict(name="HQ-SIP", ports=dict(count=2)), group("New", ports=dict(count=4))], 7, None, [LICENCE % (8, 7)]),
    ([dict(name="HQ-SIP", ports=dict(count=2)), group("New", ports=dict(count=4))], 8, None, []),
    ([dict(name="HQ-SIP")], 5, None, [LICENCE % (6, 5)]),
    ([dict(name="HQ-SIP", ports=dict(count=40))], None, None, []),
    ([dict(name="HQ-SIP", ports=dict(count=40))], 10, ["CUCM-BR"], []),
], ids=["within", "over", "licence as text", "new port group counted", "exactly the licence",
        "ports already on the server", "no licence given", "out of scope not counted"])
def test_integration_preflight_licence(groups, licence, scope, expected):
    assert integration_preflight(PREFLIGHT_INFO, [system(port_groups=groups)], license_ports=licence,
                                 scope=scope) == expected


def test_integration_preflight_empty_info():
    assert integration_preflight({}, [system(port_groups=[group(codecs=[dict(name="G.729")])])]) == [
        P0 + ".codecs[0].name: the server has no codec G.729; it has "]


# is_placeholder, secret_variable ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("change-me", True),
    ("CHANGE-ME", True),
    (" changeme ", True),
    ("change_me", True),
    ("change-me-axl-hq", True),
    ("change-me-", True),
    ("changeme-axl", False),
    ("please-change-me", False),
    ("s3cret", False),
    ("", False),
    (None, False),
    ("{{ cupi_secret_axl_cucm_hq_10_1_1_10 }}", False),
], ids=["change-me", "upper case", "blanks", "underscore", "prefix", "prefix only", "changeme prefix is not one",
        "suffix is not one", "a password", "empty", "none", "a variable reference"])
def test_is_placeholder(value, expected):
    assert is_placeholder(value) is expected


@pytest.mark.parametrize("parts, expected", [
    (("axl", "CUCM-HQ", "10.1.1.10"), "cupi_secret_axl_cucm_hq_10_1_1_10"),
    (("sip", "HQ-SIP"), "cupi_secret_sip_hq_sip"),
    (("sip", "HQ SIP (main)!"), "cupi_secret_sip_hq_sip_main"),
    (("axl", "--Lab--", "fe80::1"), "cupi_secret_axl_lab_fe80_1"),
    (("axl", "cucm.example.com"), "cupi_secret_axl_cucm_example_com"),
], ids=["axl", "sip", "blanks and symbols", "leading symbols", "host name"])
def test_secret_variable(parts, expected):
    assert secret_variable(*parts) == expected


# integration_without_secrets -------------------------------------------------------------------

@pytest.mark.parametrize("variables, expected", [
    (None, {}),
    ({}, {}),
    (dict(cupi_secrets_required=["cupi_secret_axl_x"], cupi_sip_certificates=[dict(name="c")]),
     dict(cupi_sip_certificates=[dict(name="c")])),
    (dict(cupi_phone_systems=[dict(name="HQ", axl_servers=[dict(host="a", password="{{ x }}", username="u")],
                                   port_groups=[dict(name="G", settings=dict(sip_authenticate=True,
                                                                             sip_authenticate_password="pw"))])]),
     dict(cupi_phone_systems=[dict(name="HQ", axl_servers=[dict(host="a", username="u")],
                                   port_groups=[dict(name="G", settings=dict(sip_authenticate=True))])])),
    (dict(password="top", other=dict(password="x", keep=[1, "two", dict(sip_authenticate_password=None)])),
     dict(password="top", other=dict(keep=[1, "two", {}]))),
], ids=["none", "empty", "secrets list dropped", "passwords at any depth", "top-level keys are variables"])
def test_integration_without_secrets(variables, expected):
    assert integration_without_secrets(variables) == expected


# _export_ports ---------------------------------------------------------------------------------

KEYS = ("vms_server", "mwi", "enabled", "hunt_order", "security_mode")


def ports(*values, **common):
    return [dict(dict(common, number=n + 1), **v) for n, v in enumerate(values)]


@pytest.mark.parametrize("rows, keys, expected", [
    ([], KEYS, dict(count=0)),
    (ports({}, {}, mwi=True, enabled=True), KEYS, dict(count=2, mwi=True, enabled=True)),
    (ports({}, {}, {"mwi": False}, {"mwi": False}, {"enabled": False}, {"mwi": False}, mwi=True, enabled=True),
     KEYS, dict(count=6, mwi=True, enabled=True,
                overrides=[dict(ports="3-4,6", mwi=False), dict(ports=5, enabled=False)])),
    (ports({"hunt_order": 1}, {"hunt_order": 2}, {"hunt_order": 1}, {"hunt_order": 2}), KEYS,
     dict(count=4, hunt_order=1, overrides=[dict(ports="2,4", hunt_order=2)])),
    (ports({"hunt_order": 2}, {"hunt_order": 1}, {"hunt_order": 1}, {"hunt_order": 2}), KEYS,
     dict(count=4, hunt_order=2, overrides=[dict(ports="2-3", hunt_order=1)])),
    (ports({"mwi": False, "hunt_order": 5}, {}, {}, {"mwi": False, "hunt_order": 5}, {}, mwi=True, hunt_order=0),
     KEYS, dict(count=5, mwi=True, hunt_order=0, overrides=[dict(ports="1,4", mwi=False, hunt_order=5)])),
    (ports({"mwi": False}, {"hunt_order": 5}, {}, {}, mwi=True, hunt_order=0), KEYS,
     dict(count=4, mwi=True, hunt_order=0, overrides=[dict(ports=1, mwi=False), dict(ports=2, hunt_order=5)])),
    (ports({"vms_server": ""}, {"vms_server": None}, {}, {}, vms_server="cuc-pub"), KEYS,
     dict(count=4, vms_server="cuc-pub")),
    (ports({}, {}, security_mode="encrypted", mwi=True), ("mwi",), dict(count=2, mwi=True)),
    (ports({"security_mode": "encrypted"}, {}, security_mode="non_secure"), KEYS,
     dict(count=2, security_mode="encrypted", overrides=[dict(ports=2, security_mode="non_secure")])),
    (ports({}, {}, {}, {"enabled": False}, enabled=True, name="p", device_name="d", object_id="i", port_group="G"),
     KEYS, dict(count=4, enabled=True, overrides=[dict(ports=4, enabled=False)])),
], ids=["none", "all alike", "consecutive ports one range, other differences apart", "tie: lowest port's value",
        "tie the other way", "several settings in one override", "different differences apart",
        "empty values not settings", "only the keys given", "tie of two ports", "the port's own keys ignored"])
def test_export_ports(rows, keys, expected):
    assert _export_ports(rows, keys) == expected


# export_vars -----------------------------------------------------------------------------------

EXPORT_INFO = dict(
    phone_systems=[
        dict(name="CUCM-HQ", object_id="ps-1", port_count=6, mwi_force_off=False, call_loop_guard_time_ms=2500),
        dict(name="cucm-br", object_id="ps-2", port_count=0, mwi_force_off=True),
    ],
    axl_servers=[
        dict(phone_system="CUCM-HQ", host="10.1.1.11", precedence=2, port=8443, username="axl", pin_sync=False,
             host_ipv6="", tls_port=None, ccm_version="14.0", object_id="a-2"),
        dict(phone_system="CUCM-HQ", host="10.1.1.10", precedence=1, port=8443, username="axl", pin_sync=True,
             object_id="a-1"),
    ],
    port_groups=[
        dict(name="HQ-SIP", phone_system="CUCM-HQ", integration="sip", object_id="pg-1", host="10.1.1.10",
             device_prefix="", reset_status="not_required", port_count=4, enable_mwi=True, sip_authenticate=True,
             sip_authenticate_as_user="cuc", sip_contact_line_name="", sip_security_profile=5060),
        dict(name="hq-pimg", phone_system="CUCM-HQ", integration="pimg", object_id="pg-2", port_count=0,
             enable_mwi=False),
        dict(name="BR-SCCP", phone_system="cucm-br", integration="sccp", device_prefix="CiscoUM1-VI",
             object_id="pg-3", port_count=2, sip_authenticate=False),
        dict(name="Lost", phone_system="Nowhere", integration="sip"),
    ],
    port_group_servers=[
        dict(port_group="HQ-SIP", type="tftp", host="10.1.1.30", precedence=1, object_id="s-3"),
        dict(port_group="HQ-SIP", type="sip_proxy", host="10.1.1.11", precedence=2, port=5060, host_ipv6="",
             object_id="s-2"),
        dict(port_group="HQ-SIP", type="sip_proxy", host="10.1.1.10", precedence=1, port=5060, object_id="s-1"),
        dict(port_group="hq-pimg", type="pimg", host="10.5.5.5", precedence=0, object_id="s-4"),
    ],
    port_group_codecs=[
        dict(port_group="HQ-SIP", name="G.729", packet_size=20, preference=1, object_id="c-2"),
        dict(port_group="HQ-SIP", name="G.711 mu-law", packet_size=20, preference=0, object_id="c-1"),
        dict(port_group="BR-SCCP", name="G.711 mu-law", packet_size=30, object_id="c-3"),
    ],
    ports=[dict(port_group="HQ-SIP", number=n, name="HQ-SIP-%03d" % n, mwi=n != 3, enabled=True, hunt_order=0,
                security_mode="non_secure", vms_server="cuc-pub") for n in (4, 3, 2, 1)]
    + [dict(port_group="BR-SCCP", number=n, security_mode="encrypted", enabled=True) for n in (1, 2)],
    sip_security_profiles=[dict(sip_port=5061, tls=True, name="5061 TLS"), dict(sip_port=5060, name="5060")],
    sip_certificates=[dict(name="cuc-cert", subject_name="cuc.example.com"), dict(name="Alpha", subject_name="")],
)
EXPORT_HQ = dict(
    name="CUCM-HQ",
    settings=dict(call_loop_guard_time_ms=2500, mwi_force_off=False),
    axl_servers=[
        dict(host="10.1.1.10", port=8443, precedence=1, username="axl", pin_sync=True,
             password="{{ cupi_secret_axl_cucm_hq_10_1_1_10 }}"),
        dict(host="10.1.1.11", port=8443, precedence=2, username="axl", pin_sync=False,
             password="{{ cupi_secret_axl_cucm_hq_10_1_1_11 }}"),
    ],
    port_groups=[
        dict(name="hq-pimg", integration="pimg", host="10.5.5.5", settings=dict(enable_mwi=False), codecs=[],
             ports=dict(count=0)),
        dict(name="HQ-SIP", integration="sip", host="10.1.1.10",
             settings=dict(enable_mwi=True, sip_authenticate=True, sip_authenticate_as_user="cuc",
                           sip_security_profile=5060, sip_authenticate_password="{{ cupi_secret_sip_hq_sip }}"),
             servers=[dict(type="sip_proxy", host="10.1.1.10", port=5060, precedence=1),
                      dict(type="sip_proxy", host="10.1.1.11", port=5060, precedence=2),
                      dict(type="tftp", host="10.1.1.30", precedence=1)],
             codecs=[dict(name="G.711 mu-law", packet_size=20, preference=0),
                     dict(name="G.729", packet_size=20, preference=1)],
             ports=dict(count=4, vms_server="cuc-pub", mwi=True, enabled=True, hunt_order=0,
                        overrides=[dict(ports=3, mwi=False)])),
    ],
)
EXPORT_BR = dict(
    name="cucm-br",
    settings=dict(mwi_force_off=True),
    axl_servers=[],
    port_groups=[
        dict(name="BR-SCCP", integration="sccp", host="", device_prefix="CiscoUM1-VI",
             # sip_authenticate, a SIP setting the server returns for every group, is not an SCCP group's.
             settings={}, servers=[], codecs=[dict(name="G.711 mu-law", packet_size=30)],
             ports=dict(count=2, enabled=True, security_mode="encrypted")),
    ],
)
EXPORT_SERVER_WIDE = dict(
    cupi_sip_security_profiles=[dict(port=5060, tls=False), dict(port=5061, tls=True)],
    cupi_sip_certificates=[dict(name="Alpha"), dict(name="cuc-cert", subject_name="cuc.example.com")],
)
HQ_SECRETS = ["cupi_secret_axl_cucm_hq_10_1_1_10", "cupi_secret_axl_cucm_hq_10_1_1_11", "cupi_secret_sip_hq_sip"]


@pytest.mark.parametrize("names, expected", [
    (None, dict(EXPORT_SERVER_WIDE, cupi_secrets_required=HQ_SECRETS, cupi_phone_systems=[EXPORT_BR, EXPORT_HQ])),
    ([], dict(EXPORT_SERVER_WIDE, cupi_secrets_required=HQ_SECRETS, cupi_phone_systems=[EXPORT_BR, EXPORT_HQ])),
    (["cucm-hq"], dict(EXPORT_SERVER_WIDE, cupi_secrets_required=HQ_SECRETS, cupi_phone_systems=[EXPORT_HQ])),
    (["CUCM-BR"], dict(EXPORT_SERVER_WIDE, cupi_secrets_required=[], cupi_phone_systems=[EXPORT_BR])),
    (["Nowhere"], dict(EXPORT_SERVER_WIDE, cupi_secrets_required=[], cupi_phone_systems=[])),
], ids=["every phone system", "empty list", "one, any case", "one without secrets", "naming nothing"])
def test_export_vars(names, expected):
    info = copy.deepcopy(EXPORT_INFO)
    assert export_vars(info, names) == expected
    assert info == EXPORT_INFO


def test_export_vars_sccp_keeps_security_mode_only_there():
    hq_ports = export_vars(EXPORT_INFO)["cupi_phone_systems"][1]["port_groups"][1]["ports"]
    br_ports = export_vars(EXPORT_INFO)["cupi_phone_systems"][0]["port_groups"][0]["ports"]
    assert ("security_mode" in hq_ports, br_ports.get("security_mode")) == (False, "encrypted")


def test_export_vars_empty_info():
    assert export_vars({}) == dict(cupi_secrets_required=[], cupi_sip_security_profiles=[], cupi_sip_certificates=[],
                                   cupi_phone_systems=[])


def test_export_passes_the_checks():
    exported = export_vars(EXPORT_INFO)
    assert integration_errors(exported["cupi_phone_systems"], exported["cupi_sip_security_profiles"],
                              exported["cupi_sip_certificates"]) == []


# FilterModule ----------------------------------------------------------------------------------

def test_filter_names():
    filters = FilterModule().filters()
    assert dict((name, getattr(f, "__wrapped__", f)) for name, f in filters.items()) == dict(
        integration_plan=integration_plan, integration_errors=integration_errors,
        integration_preflight=integration_preflight, export_vars=export_vars, export_header=export_header,
        integration_without_secrets=integration_without_secrets)
    # Undefined secrets of an audit must stay untouched: this one walks lazy containers.
    assert filters["integration_without_secrets"] is integration_without_secrets


class Lazy(Mapping):
    """A mapping that counts its reads, as Ansible's lazy containers template at each read."""

    def __init__(self, data, reads):
        self._data, self._reads = data, reads

    def __getitem__(self, key):
        self._reads.append(key)
        value = self._data[key]
        return Lazy(value, self._reads) if isinstance(value, dict) else value

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def test_filters_read_their_arguments_once():
    reads = []
    systems = [Lazy(dict(name="HQ", port_groups=[dict(name="HQ-SIP", integration="sip", host="10.1.1.10")]), reads)]
    plan = FilterModule().filters()["integration_plan"](systems)
    group = dict(name="HQ-SIP", integration="sip", host="10.1.1.10")
    assert plan == integration_plan([dict(name="HQ", port_groups=[group])])
    assert sorted(reads) == ["name", "port_groups"]


def test_export_header_names_the_cluster_the_time_and_the_version():
    now = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)
    with open(os.path.join(COLLECTION_ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    assert export_header("cuc-hq.example.com", "hq", now=now) == (
        "# Unity Connection telephony integration of cuc-hq.example.com (inventory host hq), exported "
        "2026-03-04T05:06:07Z by cupi.telephony %s." % version)
    assert export_header("cuc-hq.example.com", "localhost", now=now).startswith(
        "# Unity Connection telephony integration of cuc-hq.example.com, exported")


def test_collection_version_prefers_the_manifest_of_an_installed_collection(tmp_path):
    assert collection_version(str(tmp_path)) == "unknown"
    (tmp_path / "galaxy.yml").write_text("version: 1.2.3\n")
    assert collection_version(str(tmp_path)) == "1.2.3"
    (tmp_path / "MANIFEST.json").write_text('{"collection_info": {"version": "1.2.4"}}')
    assert collection_version(str(tmp_path)) == "1.2.4"


def test_an_export_re_imports_and_names_one_variable_per_secret():
    """An empty phone system setting is not written; the host is the first server of the
    kind a new port group gets (not a TFTP server of lower precedence); port groups whose
    names come out alike get a variable each."""
    info = {
        "phone_systems": [{"name": "HQ", "call_loop_dtmf": "", "call_loop_guard_time_ms": 3000}],
        "port_groups": [
            {"name": "HQ-SCCP", "phone_system": "HQ", "integration": "sccp", "device_prefix": "P1"},
            {"name": "HQ-SIP", "phone_system": "HQ", "integration": "sip", "sip_authenticate": True},
            {"name": "HQ_SIP", "phone_system": "HQ", "integration": "sip", "sip_authenticate": True},
        ],
        "port_group_servers": [
            {"port_group": "HQ-SCCP", "type": "tftp", "host": "10.0.0.9", "precedence": 0},
            {"port_group": "HQ-SCCP", "type": "cucm", "host": "10.0.0.1", "precedence": 1},
        ],
    }
    exported = export_vars(info)
    ours = exported["cupi_phone_systems"][0]
    assert ours["settings"] == {"call_loop_guard_time_ms": 3000}
    assert [g["host"] for g in ours["port_groups"]] == ["10.0.0.1", "", ""]
    assert exported["cupi_secrets_required"] == ["cupi_secret_sip_hq_sip", "cupi_secret_sip_hq_sip_2"]
    assert [g["settings"]["sip_authenticate_password"] for g in ours["port_groups"][1:]] == [
        "{{ cupi_secret_sip_hq_sip }}", "{{ cupi_secret_sip_hq_sip_2 }}"]
    assert integration_errors(exported["cupi_phone_systems"]) == []
