"""Conformance with the reference: every request example of cupi-docs replayed.

The cases come from tests/conformance/cases.json, generated from the reference pages by
tests/conformance/extract.py (plus the hand-curated tests/conformance/overrides.json); the
first test checks the file is what the extractor produces now. Each case gets a fresh
emulator state holding the objects its URL and body refer to (the doc's ids replaced by
real ones), is replayed in the documented format (XML, or JSON for the JSON examples) and
must get the documented status, for 201 a text/plain URI of the right collection, and for
GETs the documented root/list element names and every field name the documented response
shows. Contradictions in the reference are expected per the choice in overrides.json (listed
in the README section "Conformance with the reference").
"""

import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(HERE, "conformance")
sys.path.insert(0, CONF)
import extract  # noqa: E402
from replay import TEMPLATES, Client, State, expectation, replay  # noqa: E402
from replay_checks import check_created_uri, check_shape, check_written  # noqa: E402

with open(os.path.join(CONF, "cases.json"), encoding="utf-8") as _fh:
    CASES = json.load(_fh)


def test_cases_json_is_generated_from_the_reference():
    """cases.json is the extractor's output for the pages as they are now."""
    if not os.path.isdir(extract.DEFAULT_DOCS):
        pytest.skip(f"reference pages not found at {extract.DEFAULT_DOCS} (set CUPI_DOCS)")
    with open(os.path.join(CONF, "cases.json"), encoding="utf-8") as fh:
        assert fh.read() == extract.render(extract.extract()), \
            "cases.json is out of date: run python emulator/tests/conformance/extract.py"


def test_every_override_has_a_reason_and_matches_an_example():
    with open(os.path.join(CONF, "overrides.json"), encoding="utf-8") as fh:
        overrides = json.load(fh)
    keys = {f"{c['doc']}:{c['line']}" for c in CASES}
    for key, ov in overrides.items():
        if key.startswith("_"):
            continue
        assert key in keys
        assert ov.get("reason"), key
        for field, why in ov.get("absent_ok", {}).items():
            assert why.startswith(("unset:", "contradiction:")), (key, field)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_example(case, api, server):
    client = Client(server)
    state = State(client)
    expect = expectation(case)
    url, r = replay(case, client, state)
    assert r.status_code == expect["status"], (
        f"{case['doc']} L{case['line']}: {case['method']} {url} -> {r.status_code}, "
        f"expected {expect['status']}: {r.text[:300]}")
    if expect["status"] == 201:
        assert r.headers["Content-Type"].startswith("text/plain")
        check_created_uri(case, url, r)
    elif expect["status"] == 204:
        assert r.content == b""
    elif expect["status"] >= 400 and expect.get("error_mentions"):
        assert expect["error_mentions"] in r.text, r.text
    if case["method"] == "GET" and expect["status"] == 200:
        fmt = case["format"]
        assert r.headers["Content-Type"].startswith("application/" + fmt)
        if case.get("response"):
            check_shape(case, case["response"], r, fmt, expect)
        else:       # no documented body: the URL's object, or a list of its collection
            segs = case["path"].split("?")[0].split("/")
            coll = segs[-2] if segs[-1].startswith("{") else segs[-1]
            element = extract.ELEMENT.get(coll) or {"vmsservers": "VmsServer",
                                                    "portgrouptemplates": "PortGroupTemplate"}[coll]
            want = element if segs[-1].startswith("{") else element + "s"
            assert ET.fromstring(r.content).tag == want
    if case["method"] in ("POST", "PUT") and case.get("body") and expect["status"] in (201, 204):
        check_written(case, client, state, r.text if expect["status"] == 201 else url)
    for variant in case.get("override", {}).get("variants", []):
        assert client.s.post(server.url + "/__emulator__/reset").status_code == 204
        state = State(client)
        url, r = replay(case, client, state, body_patch=variant["patch"])
        assert r.status_code == variant["status"], (variant["name"], r.text[:300])
        if variant.get("error_mentions"):
            assert variant["error_mentions"] in r.text, (variant["name"], r.text[:300])
        if variant["status"] == 201:
            check_created_uri(case, url, r)


# Values where the reference's examples contradict its data-field tables (Port Groups,
# "Explanation of Data Fields" to "Explanation of Data Fields for SCCP Port Group") or each other;
# the emulator follows the tables (README "Port groups"). The examples above are compared by
# field name only; these pin the choice.
LISTED = "Port Groups, 'Listing Port Group' and 'Viewing Details of a Specific Port Group'"
DEFAULT_CHOICES = {
    # field: (chosen default, the table that gives it, values the examples show)
    "DtmfDialInterDigitDelayMs": ("50", "SIP table", "300 (Port Groups, 'Listing Port Group' to "
                                                     "'Viewing Reset Status of a Port Group')"),
    "EnableMWI": ("false", "SIP table", "true (%s)" % LISTED),
    "OutgoingGuardTimeMs": ("2500", "SIP table", "0 (%s), 1000 (Port Groups, 'Listing Port Group')" % LISTED),
    "SipTransportProtocolEnum": ("10", "SIP table", "11 (%s)" % LISTED),
    "SipTLSModeEnum": ("11", "SIP table", "10 (Port Groups, 'Listing Port Group')"),
}


@pytest.mark.parametrize("field", sorted(DEFAULT_CHOICES))
def test_choice_defaults_follow_the_data_field_tables(field, api, server):
    client, state = Client(server), State(Client(server))
    pg = state.port_group("sip")
    assert client.call("GET", f"/vmrest/portgroups/{pg}").json()[field] == DEFAULT_CHOICES[field][0]


def test_choice_skinny_device_prefix(api, server):
    """SkinnyDevicePrefix: 'Read Only' (Port Groups, "Explanation of Data Fields for SCCP Port
    Group") yet sent by every SCCP create (Port Groups, "Creating SCCP Port Group"):
    required on an SCCP create, fixed afterwards; without one, 400 naming it (CiscoUM1-VI only
    with --lenient sccp-device-prefix-default; the examples show VVMSetup-VI, test-VI, Test1-VI)."""
    client, state = Client(server), State(Client(server))
    pg = state.port_group("sccp")
    assert client.call("GET", f"/vmrest/portgroups/{pg}").json()["SkinnyDevicePrefix"] == "Test1-VI"
    r = client.call("PUT", f"/vmrest/portgroups/{pg}", {"SkinnyDevicePrefix": "Other-VI"})
    assert r.status_code == 400 and "SkinnyDevicePrefix" in r.text
    body = {"MediaSwitchObjectId": state.ps(), "MediaPortGroupTemplateObjectId": TEMPLATES["sccp"],
            "TelephonyIntegrationMethodEnum": "1", "DisplayName": "No-Prefix", "HostOrIPAddress": "10.1.1.1"}
    r = client.call("POST", "/vmrest/portgroups", body)
    assert r.status_code == 400 and "Parameter = [SkinnyDevicePrefix]" in r.text


def test_choice_display_name_read_only_yet_set_on_create(api, server):
    """DisplayName: 'Read Only' (Port Groups, "Explanation of Data Fields for SIP Port Group"
    and "Explanation of Data Fields for SCCP Port Group") yet every create sends it: required on
    create,
    fixed afterwards (a PUT of the same value is accepted)."""
    client, state = Client(server), State(Client(server))
    pg = state.port_group("sip", name="PG-A")
    assert client.call("PUT", f"/vmrest/portgroups/{pg}", {"DisplayName": "PG-A"}).status_code == 204
    r = client.call("PUT", f"/vmrest/portgroups/{pg}", {"DisplayName": "PG-B"})
    assert r.status_code == 400 and "DisplayName" in r.text


def test_choice_both_url_spellings_and_plural_uris(api, server):
    """phonesystem/<id> (Telephony Integrations, "Listing Phone Systems" and "Modifying a Phone
    System"; Phone Systems, "Listing Phone Systems" and "Modifying a Phone System") and
    rtpcodecsdefs (Port Groups, "Listing Codecs") are
    accepted; URIs in responses use phonesystems/ and rtpcodecdefs/."""
    client, state = Client(server), State(Client(server))
    ps = state.ps()
    assert client.call("GET", f"/vmrest/phonesystem/{ps}").json()["URI"] == f"/vmrest/phonesystems/{ps}"
    defs = client.items("/vmrest/rtpcodecsdefs")
    assert len(defs) == 5 and all(d["URI"].startswith("/vmrest/rtpcodecdefs/") for d in defs)
