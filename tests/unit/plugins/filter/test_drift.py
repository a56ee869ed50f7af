# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift filters: managed and unmanaged objects, and a drift run as lines, a dict,
JUnit XML and Markdown. No server: the inputs are what the modules and telephony_info return."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.cupi.telephony.plugins.filter import drift
from ansible_collections.cupi.telephony.plugins.filter.drift import (
    FilterModule,
    drift_junit,
    drift_markdown,
    drift_objects,
    drift_report,
    drift_unmanaged,
    format_value,
)

PROFILES = [dict(port=5060), dict(port=5061, state="absent")]
CERTIFICATES = [dict(name="cuc-cert", subject_name="cuc.example.com")]
PHONE_SYSTEMS = [
    dict(name="CUCM-HQ", axl_servers=[dict(host="10.1.1.10"), dict(host="10.1.1.11")], port_groups=[
        dict(name="HQ-SIP", integration="sip", host="10.1.1.10",
             servers=[dict(type="cucm", host="10.1.1.10"), dict(type="cucm", host="10.1.1.11")],
             codecs=[dict(name="G.711 mu-law")], ports=dict(count=4)),
        dict(name="HQ-SCCP", integration="sccp", host="10.1.1.10", device_prefix="CiscoUM1-VI"),
        dict(name="HQ-PIMG", integration="pimg", host="10.5.5.5"),
        dict(name="Old", state="absent", servers=[dict(type="cucm", host="10.1.1.99")]),
    ]),
    dict(name="CUCM-BR"),
    dict(name="Retired", state="absent", axl_servers=[dict(host="10.3.3.3")], port_groups=[dict(name="RET-SIP")]),
]
INFO = dict(
    phone_systems=[dict(name="CUCM-HQ"), dict(name="cucm-br"), dict(name="Retired"), dict(name="Lab")],
    axl_servers=[dict(phone_system="CUCM-HQ", host="10.1.1.10"), dict(phone_system="CUCM-HQ", host="10.1.1.12"),
                 dict(phone_system="CUCM-BR", host="10.2.2.10"), dict(phone_system="Lab", host="10.9.9.9")],
    port_groups=[dict(name="HQ-SIP", phone_system="CUCM-HQ", integration="sip"),
                 dict(name="hq-sccp", phone_system="CUCM-HQ", integration="sccp"),
                 dict(name="HQ-PIMG", phone_system="CUCM-HQ", integration="pimg"),
                 dict(name="RET-SIP", phone_system="Retired", integration="sip"),
                 dict(name="BR-SCCP", phone_system="CUCM-BR", integration="sccp"),
                 dict(name="Lab-SIP", phone_system="Lab", integration="sip")],
    port_group_servers=[dict(port_group="HQ-SIP", type="cucm", host="10.1.1.12"),
                        dict(port_group="hq-sccp", type="cucm", host="10.1.1.10"),
                        dict(port_group="HQ-PIMG", type="pimg", host="10.5.5.5"),
                        dict(port_group="Lab-SIP", type="cucm", host="10.9.9.9")],
    port_group_codecs=[dict(port_group="HQ-SIP", name="G.711 mu-law"), dict(port_group="HQ-SIP", name="G.729"),
                       dict(port_group="hq-sccp", name="G.711 mu-law"), dict(port_group="HQ-PIMG", name="G.711 a-law")],
    sip_security_profiles=[dict(sip_port=5060, tls=False), dict(sip_port=5062, tls=True),
                           dict(sip_port=50600, tls=False), dict(sip_port=5061, tls=False)],
    sip_certificates=[dict(name="CUC-CERT", subject_name="cuc.example.com"), dict(name="other", subject_name="x")],
)


def difference(action, kind, name, parent=None, field=None, before=None, after=None, label=None):
    label = label or ("%s %s of %s" % (kind, name, parent) if parent else "%s %s" % (kind, name))
    return dict(object=label, kind=kind, name=name, parent=parent, action=action, field=field, before=before,
                after=after)


def labels(objects):
    return [o["object"] for o in objects]


# drift_objects ---------------------------------------------------------------------------

ALL_MANAGED = [
    "SIP security profile 5060",
    "SIP security profile 5061",
    "SIP certificate cuc-cert",
    "phone system CUCM-HQ",
    "AXL server 10.1.1.10 of phone system CUCM-HQ",
    "AXL server 10.1.1.11 of phone system CUCM-HQ",
    "port group HQ-SIP",
    "port group server cucm 10.1.1.10 of port group HQ-SIP",
    "port group server cucm 10.1.1.11 of port group HQ-SIP",
    "port group codec G.711 mu-law of port group HQ-SIP",
    "ports of port group HQ-SIP",
    "port group HQ-SCCP",
    "port group HQ-PIMG",
    "port group Old",
    "phone system CUCM-BR",
    "phone system Retired",
]


@pytest.mark.parametrize("scope, expected", [
    (None, ALL_MANAGED),
    ([], ALL_MANAGED),
    (["cucm-hq"], ALL_MANAGED[:14]),
    (["CUCM-BR", "Retired"], ALL_MANAGED[:3] + ALL_MANAGED[14:]),
    (["Nowhere"], ALL_MANAGED[:3]),
], ids=["no scope", "empty scope", "one phone system, any case", "two phone systems", "scope naming nothing"])
def test_drift_objects_in_file_order(scope, expected):
    assert labels(drift_objects(PHONE_SYSTEMS, PROFILES, CERTIFICATES, scope)) == expected


@pytest.mark.parametrize("label, kind, name, parent", [
    ("SIP security profile 5060", "SIP security profile", "5060", None),
    ("AXL server 10.1.1.10 of phone system CUCM-HQ", "AXL server", "10.1.1.10", "phone system CUCM-HQ"),
    ("port group HQ-SIP", "port group", "HQ-SIP", None),
    ("port group server cucm 10.1.1.11 of port group HQ-SIP", "port group server", "cucm 10.1.1.11",
     "port group HQ-SIP"),
    ("port group codec G.711 mu-law of port group HQ-SIP", "port group codec", "G.711 mu-law", "port group HQ-SIP"),
    ("ports of port group HQ-SIP", "ports", "HQ-SIP", "port group HQ-SIP"),
])
def test_drift_objects_shape(label, kind, name, parent):
    found = [o for o in drift_objects(PHONE_SYSTEMS, PROFILES, CERTIFICATES) if o["object"] == label]
    assert found == [dict(object=label, kind=kind, name=name, parent=parent)]


def test_drift_objects_without_profiles_or_certificates():
    assert labels(drift_objects([dict(name="CUCM-BR")])) == ["phone system CUCM-BR"]
    assert drift_objects([]) == []


def test_drift_objects_rejects_what_is_not_a_list():
    with pytest.raises(AnsibleFilterError, match="phone_systems must be a list"):
        drift_objects({"name": "CUCM-HQ"})


# drift_unmanaged -------------------------------------------------------------------------

SIP_AND_CERTIFICATES = ["SIP security profile 5062", "SIP security profile 50600", "SIP certificate other"]
HQ_CHILDREN = [
    "AXL server 10.2.2.10 of phone system CUCM-BR",
    "port group server cucm 10.1.1.10 of port group HQ-SCCP",
    "port group codec G.711 a-law of port group HQ-PIMG",
    "port group codec G.711 mu-law of port group HQ-SCCP",
]


@pytest.mark.parametrize("scope, expected", [
    (None, SIP_AND_CERTIFICATES + ["phone system Lab", HQ_CHILDREN[0], "port group BR-SCCP", "port group Lab-SIP"]
     + HQ_CHILDREN[1:]),
    (["CUCM-HQ"], SIP_AND_CERTIFICATES + HQ_CHILDREN[1:]),
    (["lab"], SIP_AND_CERTIFICATES + ["phone system Lab", "port group Lab-SIP"]),
    (["CUCM-BR"], SIP_AND_CERTIFICATES + [HQ_CHILDREN[0], "port group BR-SCCP"]),
], ids=["no scope", "scope excludes Lab and CUCM-BR", "scope of an unmanaged phone system", "scope CUCM-BR"])
def test_drift_unmanaged(scope, expected):
    assert labels(drift_unmanaged(INFO, PHONE_SYSTEMS, PROFILES, CERTIFICATES, scope)) == expected


def test_drift_unmanaged_object_shape():
    found = drift_unmanaged(INFO, PHONE_SYSTEMS, PROFILES, CERTIFICATES)
    assert dict(object="AXL server 10.2.2.10 of phone system CUCM-BR", kind="AXL server", name="10.2.2.10",
                parent="phone system CUCM-BR") in found
    assert dict(object="phone system Lab", kind="phone system", name="Lab", parent=None) in found


@pytest.mark.parametrize("case, systems, info, expected", [
    ("pimg servers are never unmanaged, by the server's integration",
     [dict(name="P", port_groups=[dict(name="G")])],
     dict(port_groups=[dict(name="G", phone_system="P", integration="pimg")],
          port_group_servers=[dict(port_group="G", type="pimg", host="10.5.5.5")]), []),
    ("pimg servers are never unmanaged, by the file's integration",
     [dict(name="P", port_groups=[dict(name="G", integration="pimg")])],
     dict(port_group_servers=[dict(port_group="G", type="pimg", host="10.5.5.5")]), []),
    ("a codec of a port group without codecs",
     [dict(name="P", port_groups=[dict(name="G")])],
     dict(port_group_codecs=[dict(port_group="G", name="G.729")]), ["port group codec G.729 of port group G"]),
    ("codecs listed: a codec more on the server is a difference, not unmanaged",
     [dict(name="P", port_groups=[dict(name="G", codecs=[])])],
     dict(port_group_codecs=[dict(port_group="G", name="G.729")]), []),
    ("an AXL server of a phone system without axl_servers",
     [dict(name="P")], dict(axl_servers=[dict(phone_system="p", host="h1")]), ["AXL server h1 of phone system P"]),
    ("axl_servers listed",
     [dict(name="P", axl_servers=[])], dict(axl_servers=[dict(phone_system="P", host="h1")]), []),
    ("children of an absent phone system are not unmanaged",
     [dict(name="P", state="absent", port_groups=[dict(name="G")])],
     dict(axl_servers=[dict(phone_system="P", host="h1")], port_group_codecs=[dict(port_group="G", name="G.729")]),
     []),
    ("children of an absent port group are not unmanaged",
     [dict(name="P", port_groups=[dict(name="G", state="absent")])],
     dict(port_group_codecs=[dict(port_group="G", name="G.729")]), []),
    ("a port group named under another phone system is still named",
     [dict(name="P", port_groups=[dict(name="G", codecs=[])]), dict(name="Q")],
     dict(port_groups=[dict(name="g", phone_system="Q", integration="sip")]), []),
    ("keys missing from info", [dict(name="P", port_groups=[dict(name="G")])], {}, []),
    ("no info at all", [dict(name="P")], None, []),
])
def test_drift_unmanaged_cases(case, systems, info, expected):
    assert labels(drift_unmanaged(info, systems)) == expected, case


def test_drift_unmanaged_sorts_by_kind_then_name():
    info = dict(phone_systems=[dict(name="b"), dict(name="A"), dict(name="C")],
                sip_security_profiles=[dict(sip_port=5070), dict(sip_port=5064)],
                sip_certificates=[dict(name="z"), dict(name="Y")])
    assert labels(drift_unmanaged(info, [])) == [
        "SIP security profile 5064", "SIP security profile 5070", "SIP certificate Y", "SIP certificate z",
        "phone system A", "phone system b", "phone system C"]


# drift_report ----------------------------------------------------------------------------

MANAGED = drift_objects(PHONE_SYSTEMS, PROFILES, CERTIFICATES)
UNMANAGED = drift_unmanaged(INFO, PHONE_SYSTEMS, PROFILES, CERTIFICATES)
DIFFERENCES = [
    difference("update", "port group", "HQ-SIP", field="mwi", before=False, after=True),
    difference("update", "port group", "HQ-SIP", field="sip_authenticate_password", before="(secret)",
               after="(secret)"),
    difference("create", "AXL server", "10.1.1.11", "phone system CUCM-HQ", after=dict(host="10.1.1.11")),
    difference("delete", "port group codec", "G.729", "port group HQ-SIP", before=dict(name="G.729")),
    difference("update", "port", "3", "port group HQ-SIP", field="enabled", before=False, after=True),
    difference("update", "port", "4", "port group HQ-SIP", field="enabled", before=False, after=True),
]
LINES = [
    "port group HQ-SIP: mwi: server false, file true",
    "port group HQ-SIP: sip_authenticate_password: server (secret), file (secret)",
    "AXL server 10.1.1.11 of phone system CUCM-HQ: in file, not on server",
    "port group codec G.729 of port group HQ-SIP: on server, not in file",
    "port 3 of port group HQ-SIP: enabled: server false, file true",
    "port 4 of port group HQ-SIP: enabled: server false, file true",
]


@pytest.fixture
def report():
    return drift_report(DIFFERENCES, MANAGED, UNMANAGED, ["HQ-SIP"], cluster="cuc-hq")


def test_drift_report_keys_and_lines(report):
    assert sorted(report) == sorted(["cluster", "server", "where", "title", "labels", "drift", "differences",
                                     "managed", "unmanaged", "pending_resets", "lines", "unmanaged_lines",
                                     "pending_lines", "summary"])
    assert report["cluster"] == "cuc-hq"
    assert report["server"] == "cuc-hq" and report["title"] == "Drift on cuc-hq"  # no server given
    assert report["labels"] == dict(server="server", file="file")
    assert report["drift"] is True
    assert report["lines"] == LINES
    assert report["unmanaged_lines"][0] == "SIP security profile 5062: on server, not named in file (unmanaged)"
    assert len(report["unmanaged_lines"]) == len(UNMANAGED) == 10
    assert report["pending_resets"] == ["HQ-SIP"]
    assert report["pending_lines"] == ["port group HQ-SIP: waiting for a reset"]
    # HQ-SIP, the AXL server, the codec the server has more (not managed), the ports of HQ-SIP.
    assert report["summary"] == "6 differences in 4 of 17 objects; 10 unmanaged; 1 port group waiting for a reset"
    json.dumps(report)


@pytest.mark.parametrize("differences, unmanaged, pending, report_labels, summary", [
    ([], [], [], None, "no drift: the server matches the file"),
    ([], [], None, dict(server="cuc-b", file="cuc-a"), "no drift: cuc-b matches cuc-a"),
    ([], UNMANAGED[:1], ["A", "B"], None,
     "no drift: the server matches the file; 1 unmanaged; 2 port groups waiting for a reset"),
    (DIFFERENCES[:1], None, None, None, "1 difference in 1 of 16 objects"),
    (DIFFERENCES[4:], None, None, None, "2 differences in 1 of 16 objects"),
    ([difference("update", "port group", "Elsewhere", field="mwi", before=1, after=2)], None, None, None,
     "1 difference in 1 of 17 objects"),
], ids=["clean", "clean with labels", "clean with unmanaged and pending", "one", "ports grouped", "not managed"])
def test_drift_report_summary(differences, unmanaged, pending, report_labels, summary):
    result = drift_report(differences, MANAGED, unmanaged, pending, labels=report_labels)
    assert result["summary"] == summary
    assert result["drift"] is bool(differences)
    assert result["cluster"] == "localhost"


@pytest.mark.parametrize("diff, line", [
    (difference("update", "phone system", "CUCM-HQ", field="mwi_always_update", before=None, after=True),
     "phone system CUCM-HQ: mwi_always_update: server (not set), file true"),
    (difference("update", "phone system", "CUCM-HQ", field="description", before="", after="HQ"),
     'phone system CUCM-HQ: description: server "", file HQ'),
    (difference("update", "phone system", "CUCM-HQ", field="description", before=" HQ ", after="HQ cluster"),
     'phone system CUCM-HQ: description: server " HQ ", file HQ cluster'),
    (difference("update", "port group", "HQ-SIP", field="mwi_off_extension", before=100, after=2.5),
     "port group HQ-SIP: mwi_off_extension: server 100, file 2.5"),
    (difference("update", "port group", "HQ-SIP", field="codecs", before=["G.711 mu-law", "G.729"], after=[]),
     'port group HQ-SIP: codecs: server ["G.711 mu-law","G.729"], file []'),
    (difference("update", "port group", "HQ-SIP", field="x", before=dict(b=1, a="z"), after={}),
     'port group HQ-SIP: x: server {"a":"z","b":1}, file {}'),
    (difference("update", "AXL server", "10.1.1.10", "phone system CUCM-HQ", field="password", before="(secret)",
                after="(secret)"),
     "AXL server 10.1.1.10 of phone system CUCM-HQ: password: server (secret), file (secret)"),
    (difference("update", "port group", "HQ-SIP", field="display", before="a\nb", after="a|b"),
     'port group HQ-SIP: display: server "a\\nb", file a|b'),
    (difference("update", "port group", "HQ-SIP", before=1, after=2),
     "port group HQ-SIP: server 1, file 2"),
    (difference("create", "port group", "HQ-SIP", after=dict(name="HQ-SIP")),
     "port group HQ-SIP: in file, not on server"),
    (difference("delete", "port", "9", "port group HQ-SIP", before=dict(number=9)),
     "port 9 of port group HQ-SIP: on server, not in file"),
], ids=["none", "empty", "blanks", "numbers", "list", "dict", "secret", "line break", "no field", "create", "delete"])
def test_drift_report_lines(diff, line):
    assert drift_report([diff], MANAGED)["lines"] == [line]


def test_drift_report_labels_from_compare():
    result = drift_report(DIFFERENCES[:4], MANAGED, UNMANAGED[:1], labels=dict(server="cuc-b", file="cuc-a"),
                          cluster="cuc-a vs cuc-b")
    assert result["labels"] == dict(server="cuc-b", file="cuc-a")
    assert result["lines"] == [
        "port group HQ-SIP: mwi: cuc-b false, cuc-a true",
        "port group HQ-SIP: sip_authenticate_password: cuc-b (secret), cuc-a (secret)",
        "AXL server 10.1.1.11 of phone system CUCM-HQ: in cuc-a, not on cuc-b",
        "port group codec G.729 of port group HQ-SIP: on cuc-b, not in cuc-a",
    ]
    assert result["unmanaged_lines"] == ["SIP security profile 5062: on cuc-b, not named in cuc-a (unmanaged)"]


def test_drift_report_labels_partly_given():
    assert drift_report([], [], labels=dict(file="vars.yml"))["labels"] == dict(server="server", file="vars.yml")


def test_drift_report_pending_as_dicts():
    assert drift_report([], [], pending=[dict(name="A"), dict(port_group="B")])["pending_resets"] == ["A", "B"]


@pytest.mark.parametrize("value, text", [
    (None, "(not set)"), ("", '""'), (True, "true"), (False, "false"), (0, "0"), (5060, "5060"),
    ("plain text", "plain text"), (" lead", '" lead"'), ("trail ", '"trail "'), ("(secret)", "(secret)"),
    ([1, "a"], '[1,"a"]'), (dict(k=None), '{"k":null}'), ("é", "é"),
])
def test_format_value(value, text):
    assert format_value(value) == text


# drift_junit -----------------------------------------------------------------------------

def parse(xml):
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(xml.encode("utf-8"))


def case(suite, name):
    found = [c for c in suite.findall("testcase") if c.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def test_drift_junit(report):
    root = parse(drift_junit([report]))
    assert root.tag == "testsuites"
    assert root.get("name") == "cupi.telephony drift"
    # 16 managed objects, 1 difference object not managed, 10 unmanaged.
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("27", "4", "10")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["cuc-hq"]
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("27", "4", "10")
    assert [c.get("name") for c in suite.findall("testcase")][:16] == ALL_MANAGED

    group = case(suite, "port group HQ-SIP")
    assert group.get("classname") == "cuc-hq.port_group"
    assert group.find("failure").get("message") == "2 differences"
    assert group.find("failure").get("type") == "drift"
    assert group.find("failure").text.splitlines() == LINES[:2]
    assert group.find("system-out").text == "port group HQ-SIP: waiting for a reset"

    ports = case(suite, "ports of port group HQ-SIP")
    assert ports.get("classname") == "cuc-hq.ports"
    assert ports.find("failure").get("message") == "2 differences"
    assert ports.find("failure").text.splitlines() == LINES[4:]

    axl = case(suite, "AXL server 10.1.1.11 of phone system CUCM-HQ")
    assert axl.get("classname") == "cuc-hq.AXL_server"
    assert axl.find("failure").get("message") == "1 difference"

    codec = case(suite, "port group codec G.729 of port group HQ-SIP")
    assert codec.get("classname") == "cuc-hq.port_group_codec"
    assert codec.find("failure").text == LINES[3]

    clean = case(suite, "SIP certificate cuc-cert")
    assert clean.get("classname") == "cuc-hq.SIP_certificate"
    assert list(clean) == []

    lab = case(suite, "phone system Lab")
    assert lab.find("failure") is None
    assert lab.find("skipped").get("message") == "unmanaged: on server, not named in file"


def test_drift_junit_clean_and_several_reports(report):
    clean = drift_report([], MANAGED[:3], cluster="cuc-br")
    root = parse(drift_junit([report, clean]))
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("30", "4", "10")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites] == [
        ("cuc-hq", "27", "4", "10"), ("cuc-br", "3", "0", "0")]
    assert [c.find("failure") for c in suites[1]] == [None, None, None]


def test_drift_junit_single_report_and_labels():
    result = drift_report([DIFFERENCES[0]], MANAGED[:3], UNMANAGED[:1], ["Nowhere"], cluster="cuc-a",
                          labels=dict(server="cuc-b", file="cuc-a"))
    root = parse(drift_junit(result))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "1", "1")
    assert case(suite, "port group HQ-SIP").find("failure").text == "port group HQ-SIP: mwi: cuc-b false, cuc-a true"
    skipped = case(suite, "SIP security profile 5062").find("skipped")
    assert skipped.get("message") == "unmanaged: on cuc-b, not named in cuc-a"
    # A port group waiting for a reset with no case of its own: the suite's output says so.
    assert suite.find("system-out").text == "port group Nowhere: waiting for a reset"


def test_drift_junit_escapes_text():
    diff = difference("update", "port group", "A&B", field="display", before="<x>", after='"q"')
    suite = parse(drift_junit(drift_report([diff], []))).find("testsuite")
    assert case(suite, "port group A&B").find("failure").text == 'port group A&B: display: server <x>, file "q"'


def test_drift_junit_of_nothing():
    root = parse(drift_junit([]))
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("0", "0", "0")


# drift_markdown --------------------------------------------------------------------------

def test_drift_markdown(report):
    text = drift_markdown([report])
    assert text.splitlines() == [
        "## Drift on cuc-hq",
        "",
        "6 differences in 4 of 17 objects; 10 unmanaged; 1 port group waiting for a reset",
        "",
        "| object | field | server | file |",
        "| --- | --- | --- | --- |",
        "| port group HQ-SIP | mwi | false | true |",
        "| port group HQ-SIP | sip_authenticate_password | (secret) | (secret) |",
        '| AXL server 10.1.1.11 of phone system CUCM-HQ | in file only |  | {"host":"10.1.1.11"} |',
        '| port group codec G.729 of port group HQ-SIP | on server only | {"name":"G.729"} |  |',
        "| port 3 of port group HQ-SIP | enabled | false | true |",
        "| port 4 of port group HQ-SIP | enabled | false | true |",
        "",
        "### Unmanaged (on server, not named in file)",
        "",
    ] + ["- %s" % label for label in labels(UNMANAGED)] + [
        "",
        "### Waiting for a reset",
        "",
        "- port group HQ-SIP",
    ]


@pytest.mark.parametrize("reports", [
    drift_report([], MANAGED, cluster="cuc-br"),
    [drift_report([], MANAGED, cluster="cuc-br")],
], ids=["one report", "a list"])
def test_drift_markdown_clean(reports):
    assert drift_markdown(reports) == "## Drift on cuc-br\n\nno drift: the server matches the file\n"


def test_drift_markdown_labels_and_escaping():
    diffs = [difference("update", "port group", "HQ|SIP", field="display", before="a|b", after="line 1\nline 2"),
             difference("create", "port group", "New")]
    text = drift_markdown(drift_report(diffs, [], labels=dict(server="cuc|b", file="cuc-a"), cluster="cuc-a"))
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows == [
        "| object | field | cuc\\|b | cuc-a |",
        "| --- | --- | --- | --- |",
        '| port group HQ\\|SIP | display | a\\|b | "line 1\\\\nline 2" |',
        "| port group New | in cuc-a only |  |  |",
    ]
    # Every row has its four cells: no unescaped pipe inside one.
    for row in rows:
        assert len(row.replace("\\|", "").split("|")) == 6


def test_drift_markdown_line_break_in_a_cell():
    assert drift.format_value("x\ny") == '"x\\ny"'
    assert drift._cell("x\ny") == "x<br>y"


def test_drift_markdown_several_reports():
    text = drift_markdown([drift_report([], [], cluster="a"), drift_report(DIFFERENCES[:1], MANAGED, cluster="b")])
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## Drift on a", "## Drift on b"]
    assert "| port group HQ-SIP | mwi | false | true |" in text.splitlines()


# The plugin and its documentation --------------------------------------------------------

def test_filter_module_and_docs():
    filters = FilterModule().filters()
    assert sorted(filters) == ["drift_junit", "drift_markdown", "drift_objects", "drift_report", "drift_unmanaged",
                               "integration_results", "request_lines"]
    folder = os.path.dirname(drift.__file__)
    for name in filters:
        with open(os.path.join(folder, name + ".yml")) as handle:
            doc = yaml.safe_load(handle)
        assert sorted(doc) == ["DOCUMENTATION", "EXAMPLES", "RETURN"], name
        assert doc["DOCUMENTATION"]["name"] == name
        assert "_value" in doc["RETURN"]


@pytest.mark.parametrize("server, host, run, title", [
    ("cuc-hq.example.com", "localhost", "drift", "Drift on cuc-hq.example.com"),
    ("cuc-hq.example.com", "hq", "drift", "Drift on cuc-hq.example.com (inventory host hq)"),
    ("cuc-hq.example.com", "CUC-HQ.example.com", "apply", "Changes on cuc-hq.example.com"),
    ("", "hq", "drift", "Drift on hq"),
    (None, "localhost", "apply", "Changes on localhost"),
], ids=["play on localhost", "inventory host", "host is the server", "no server", "nothing named"])
def test_reports_name_the_server_and_the_inventory_host_when_it_differs(server, host, run, title):
    result = drift_report(DIFFERENCES[:1], MANAGED, cluster=host, server=server, run=run)
    assert result["title"] == title
    assert drift_markdown(result).splitlines()[0] == "## " + title
    suite = parse(drift_junit(result)).find("testsuite")
    assert suite.get("name") == title.split(" on ", 1)[1]
    assert suite.get("hostname") == (server or host)


def test_request_lines_say_what_each_request_is_for_and_no_secret():
    results = [
        dict(item=dict(name="HQ"), requests=[dict(method="POST", path="/vmrest/phonesystems",
                                                  why="phone system HQ does not exist", body={})]),
        dict(item=dict(phone_system="HQ", servers=[dict(host="10.1.1.10", password="Secret-1")]),
             requests=[dict(method="PUT", path="/vmrest/phonesystems/1/axlservers/2", why="changed: port",
                            body=dict(CcmAXLPassword="(secret)"))]),
        dict(requests=[dict(method="DELETE", path="/vmrest/portgroups/3", why="state is absent")]),
        dict(item=dict(port_group="HQ-SIP"), requests=[]),
        dict(skipped=True),
    ]
    assert drift.request_lines(results) == [
        "POST /vmrest/phonesystems: phone system HQ does not exist",
        "PUT /vmrest/phonesystems/1/axlservers/2: changed: port (HQ)",
        "DELETE /vmrest/portgroups/3: state is absent",
    ]
    assert drift.request_lines([]) == []


def test_integration_results_walk_every_stage_once_in_order():
    """The role's stages: a loop's results, one task's result (the reset), a stage that did not
    run ({}), a task that was skipped, a result without ``changed``: what the role reports."""
    port_groups = dict(results=[
        dict(changed=True, msg="port group HQ-SIP created", item=dict(name="HQ-SIP"),
             requests=[dict(method="POST", path="/vmrest/portgroups", why="port group HQ-SIP does not exist")],
             differences=[dict(type="port_group", name="HQ-SIP", option="(the object)", current=None,
                               wanted="present")]),
        dict(changed=False, msg="port group HQ-SCCP is as wanted", item=dict(name="HQ-SCCP"), requests=[],
             differences=[], passwords_not_sent=["port group HQ-SCCP: sip_authenticate_password"]),
        dict(item=dict(name="no changed key"), requests=[dict(method="PUT", path="/never")]),
    ])
    reset = dict(changed=True, msg="reset HQ-SIP", requests=[
        dict(method="PUT", path="/vmrest/portgroups/1/reset", why="reset: its servers changed")])
    skipped = dict(changed=False, skipped=True, msg="skipped", requests=[dict(method="PUT", path="/never")])
    collected = drift.integration_results([{}, port_groups, reset, skipped, dict(changed=False)])
    assert collected == {
        "changes": ["port group HQ-SIP created", "reset HQ-SIP"],
        "differences": port_groups["results"][0]["differences"],
        "requests": port_groups["results"][0]["requests"] + reset["requests"],
        "request_lines": ["POST /vmrest/portgroups: port group HQ-SIP does not exist",
                          "PUT /vmrest/portgroups/1/reset: reset: its servers changed"],
        "passwords_not_sent": ["port group HQ-SCCP: sip_authenticate_password"],
    }
    assert drift.integration_results([]) == dict(changes=[], differences=[], requests=[], request_lines=[],
                                                 passwords_not_sent=[])
    with pytest.raises(AnsibleFilterError, match="results must be a list"):
        drift.integration_results([dict(results="not a list")])
