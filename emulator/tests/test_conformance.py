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
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(HERE, "conformance")
sys.path.insert(0, CONF)
import extract  # noqa: E402

with open(os.path.join(CONF, "cases.json"), encoding="utf-8") as _fh:
    CASES = json.load(_fh)

AUTH = ("admin", "password")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
TEMPLATES = {"sccp": "90dd306f-b8af-46b6-8289-f13437cc1e5e", "sip": "04e0e286-56ed-4f27-a325-756a49dd98e1",
             "pimg": "8fc4952c-aa4f-4b96-a4b3-dbe26e49d899"}
KIND_BY_TIM = {"1": "sccp", "2": "sip", "3": "pimg"}
TIM_BY_KIND = {v: k for k, v in KIND_BY_TIM.items()}
KIND_BY_TEMPLATE = {v: k for k, v in TEMPLATES.items()}
PROFILE_5060 = "15a3a4d9-65a0-456a-be38-4a4aff36554c"
# Status when the page documents none (request examples without a "Response Code"):
# CUPI_FACTS "Create: 201 ... Update and delete: 204"; a GET is 200.
DEFAULT_STATUS = {"GET": 200, "POST": 201, "PUT": 204, "DELETE": 204}
# Fields the emulator leaves out while unset (README "CUPI leaves NULL columns out"). A GET
# example showing one of them with a value is replayed on an object where it is set (the
# example's value), so the example's state is what is compared.
SEED_WHEN_SHOWN = ("SipAuthenticateAsUser", "SipAuthenticatePassword", "SipRPIDDisplayName",
                   "MediaCertificateObjectId")
# Body fields holding ids of objects the replay creates: the doc's id is replaced.
REF_FIELDS = ("MediaSwitchObjectId", "MediaPortGroupObjectId", "VmsServerObjectId",
              "MediaSipSecurityProfileObjectId", "MediaCertificateObjectId")


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


# ---------------------------------------------------------------------------------------
# client and state


class Client:
    def __init__(self, server):
        self.base = server.url
        self.s = requests.Session()
        self.s.trust_env = False
        self.s.verify = server.ca_path
        self.s.auth = AUTH

    def call(self, method, path, body=None, fmt="json", headers=None):
        hdrs = {"Accept": "application/json" if fmt == "json" else "application/xml"}
        data = None
        if body is not None:
            hdrs["Content-Type"] = "application/json" if fmt == "json" else "application/xml"
            data = json.dumps(body) if fmt == "json" else body
        hdrs.update(headers or {})
        return self.s.request(method, self.base + path, data=data, headers=hdrs, timeout=10)

    def create(self, path, body):
        r = self.call("POST", path, body)
        assert r.status_code == 201, (path, body, r.text)
        return r.text.rsplit("/", 1)[1]

    def put(self, path, body):
        r = self.call("PUT", path, body)
        assert r.status_code == 204, (path, body, r.text)

    def items(self, path):
        body = self.call("GET", path).json()
        key = next((k for k in body if k != "@total"), None)
        value = body.get(key, []) if key else []
        return [value] if isinstance(value, dict) else value


def kind_of(case, item=None):
    """Which port group integration the example is about (sccp / sip / pimg)."""
    sources = [item or {}]
    if case.get("body"):
        sources.append(case["body"]["fields"])
    if case.get("response"):
        sources.extend(case["response"]["values"][:1])
    for src in sources:
        if src.get("TelephonyIntegrationMethodEnum") in KIND_BY_TIM:
            return KIND_BY_TIM[src["TelephonyIntegrationMethodEnum"]]
        if src.get("MediaPortGroupTemplateObjectId") in KIND_BY_TEMPLATE:
            return KIND_BY_TEMPLATE[src["MediaPortGroupTemplateObjectId"]]
        if src.get("MediaRemoteServiceEnum") == "100":
            return "sccp"
        if src.get("MediaRemoteServiceEnum") in ("101", "102"):
            return "sip"
    text = (case.get("context") or "") + " " + (case.get("raw_url") or "")
    for word, kind in (("SCCP", "sccp"), ("PIMG", "pimg"), ("SIP", "sip")):
        if word.lower() in text.lower():
            return kind
    if case.get("body") and any(f.startswith(("Sip", "MediaSip")) for f in case["body"]["fields"]):
        return "sip"
    return "sip"


class State:
    """Objects of a fresh emulator, created on demand for one example."""

    def __init__(self, client):
        self.c = client
        self.ids = {}
        self._n = 0

    def uniq(self, prefix):
        self._n += 1
        return f"{prefix}-{self._n}"

    def vms(self):
        if "vms" not in self.ids:
            self.ids["vms"] = self.c.items("/vmrest/vmsservers")[0]["ObjectId"]
        return self.ids["vms"]

    def ps(self):
        if "ps" not in self.ids:
            self.ids["ps"] = self.c.create("/vmrest/phonesystems", {"DisplayName": "PhoneSystem"})
        return self.ids["ps"]

    def tls_profile(self):
        return next(p["ObjectId"] for p in self.c.items("/vmrest/sipsecurityprofiles") if p["DoTLS"] == "true")

    def cert(self):
        if "cert" not in self.ids:
            self.ids["cert"] = self.c.create("/vmrest/sipcertificates",
                                             {"DisplayName": self.uniq("test"), "SubjectName": "test"})
        return self.ids["cert"]

    def port_group(self, kind, name=None, values=None):
        body = {"MediaSwitchObjectId": self.ps(), "MediaPortGroupTemplateObjectId": TEMPLATES[kind],
                "DisplayName": name or self.uniq("PhoneSystem"),
                "TelephonyIntegrationMethodEnum": TIM_BY_KIND[kind], "HostOrIPAddress": "10.78.171.158"}
        if kind == "sccp":      # required for SCCP (002 L589, L616)
            body["SkinnyDevicePrefix"] = (values or {}).get("SkinnyDevicePrefix") or "Test1-VI"
        pg = self.c.create("/vmrest/portgroups", body)
        self.seed(f"/vmrest/portgroups/{pg}", values or {})
        self.ids.setdefault("pg", pg)
        return pg

    def seed(self, path, values):
        """Write the example's values of the fields left out while unset (SEED_WHEN_SHOWN)."""
        body = {f: values[f] for f in SEED_WHEN_SHOWN if values.get(f)}
        if "MediaCertificateObjectId" in body:
            body["MediaCertificateObjectId"] = self.cert()
        if "SipAuthenticateAsUser" in body:
            body["SipDoAuthenticate"] = "true"
        if body:
            self.put(path, body)

    def put(self, path, body):
        self.c.put(path, body)

    def ports(self, pg, count=2):
        body = {"MediaPortGroupObjectId": pg, "NumberOfPorts": str(count + count % 2)}
        body["VmsServerObjectId"] = self.vms()
        return self.c.create("/vmrest/ports", body)


def build(case, state):
    """Create what the example's URL refers to (and what its documented response lists);
    return the URL path with real ids."""
    c = state.c
    path = case["path"]
    method = case["method"]
    resp = case.get("response") or {}
    values = resp.get("values") or [{}]
    segs = path.split("?")[0].split("/")
    query = "?" + path.split("?", 1)[1] if "?" in path else ""
    coll = segs[0]
    real = []
    kind = kind_of(case)

    if coll in ("phonesystems", "phonesystem"):
        if len(segs) == 1 and method == "GET":
            for _ in values:
                c.create("/vmrest/phonesystems", {"DisplayName": state.uniq("PhoneSystem")})
        elif len(segs) > 1:
            ps = state.ps()
            real = [coll, ps]
            if len(segs) > 2 and segs[2] == "axlservers":
                real.append("axlservers")
                # as the POST examples send them (000 L188-199, 004 L228-243)
                axl = {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": "103", "HostOrIPAddress": "10.105.255.1"}
                if len(segs) == 3 and method == "GET":
                    for v in values:
                        c.create(f"/vmrest/phonesystems/{ps}/axlservers",
                                 dict(axl, CcmAXLUser=v.get("CcmAXLUser", "abcd")))
                elif len(segs) == 4:
                    real.append(c.create(f"/vmrest/phonesystems/{ps}/axlservers", axl))
            elif len(segs) > 2 and segs[2] == "phonesystemassociations":
                real.append("phonesystemassociations")
                for i, v in enumerate(values):
                    r = c.s.post(c.base + "/__emulator__/associations", json={
                        "phone_system": ps, "alias": v.get("Alias") or f"user{i}",
                        "display_name": v.get("DisplayName") or f"User {i}"})
                    assert r.status_code == 201, r.text
            return "/vmrest/" + "/".join(real)
        return "/vmrest/" + path

    if coll == "portgroups":
        if len(segs) == 1:
            if method == "GET":
                if resp:
                    for v in values:
                        state.port_group(kind_of(case, v), values=v)
                else:       # sort / query examples: one group they find
                    pg = state.port_group("sccp", name="PhoneSystem-1")
                    state.put(f"/vmrest/portgroups/{pg}", {"EnableMWI": "true"})
            return "/vmrest/" + path
        if method == "POST" and len(segs) == 2:
            # 002 L754/L772/L815: "The <objectId> is the id of your phone system"
            return f"/vmrest/portgroups/{state.ps()}"
        pg = state.port_group(kind, values=values[0] if len(segs) == 2 else {})
        real = ["portgroups", pg]
        if len(segs) > 2:
            sub = segs[2]
            real.append(sub)
            if sub == "reset":
                # a reset needs ResetStatusEnum 100 (L1310, L1336): adding a server requires it
                c.create(f"/vmrest/portgroups/{pg}/portgroupservers",
                         {"MediaRemoteServiceEnum": "100" if kind == "sccp" else "102", "MediaPortGroupObjectId": pg,
                          "HostOrIPAddress": "10.1.1.2"})
                assert c.call("GET", f"/vmrest/portgroups/{pg}").json()["ResetStatusEnum"] == "100"
            elif len(segs) == 4:
                real.append(c.items(f"/vmrest/portgroups/{pg}/{sub}")[0]["ObjectId"])
            elif sub == "portgroupservers" and method == "GET":
                have = len(c.items(f"/vmrest/portgroups/{pg}/portgroupservers"))
                for v in values[have:]:
                    c.create(f"/vmrest/portgroups/{pg}/portgroupservers",
                             {"MediaRemoteServiceEnum": v.get("MediaRemoteServiceEnum", "102"),
                              "MediaPortGroupObjectId": pg, "HostOrIPAddress": v.get("HostOrIPAddress", "10.1.1.3")})
        return "/vmrest/" + "/".join(real) + query

    if coll == "ports":
        if method == "POST":
            state.port_group(kind)
            return "/vmrest/ports"
        pg = state.port_group(kind, name="PhoneSystem-1")
        first = state.ports(pg, len(values) if len(segs) == 1 else 2)
        return "/vmrest/ports" if len(segs) == 1 else f"/vmrest/ports/{first}"

    if coll in ("sipcertificates", "sipcertificate"):
        if len(segs) == 1:
            for _ in values if method == "GET" and resp else []:
                state.ids.pop("cert", None)
                state.cert()
            return "/vmrest/" + path
        return f"/vmrest/{coll}/{state.cert()}"

    if coll in ("sipsecurityprofiles", "sipprofiles"):
        if len(segs) == 1:
            if method == "GET":
                have = len(c.items("/vmrest/sipsecurityprofiles"))
                for i in range(have, len(values)):
                    c.create("/vmrest/sipsecurityprofiles", {"Port": str(5100 + i), "DoTLS": "false"})
            return "/vmrest/" + path
        prof = c.create("/vmrest/sipsecurityprofiles", {"Port": "5090", "DoTLS": "false"})
        return f"/vmrest/{coll}/{prof}"

    # fixed resources: vmsservers, portgrouptemplates, rtpcodecdefs / rtpcodecsdefs
    return "/vmrest/" + path


def request_body(case, state, fields):
    """The example's body with the doc's ids of created objects replaced by real ones."""
    fields = dict(fields)
    for f in REF_FIELDS:
        if f not in fields:
            continue
        if f == "MediaSwitchObjectId":
            fields[f] = state.ps()
        elif f == "MediaPortGroupObjectId":
            fields[f] = state.ids["pg"]
        elif f == "VmsServerObjectId":
            fields[f] = state.vms()
        elif f == "MediaSipSecurityProfileObjectId":
            # the shipped 5060 profile keeps its reference id; others become the TLS profile
            fields[f] = fields[f] if fields[f] == PROFILE_5060 else state.tls_profile()
        elif f == "MediaCertificateObjectId":
            fields[f] = state.cert()
    return fields


def encode(case, fields, fmt):
    if fmt == "json":
        return json.dumps(fields)
    root = case["body"]["root"]
    inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items())
    return f"<{root}>{inner}</{root}>"


def expected_collection(case, url):
    """The collection a 201's URI must name: the URL, except POST /vmrest/portgroups/<ps>."""
    path = url.split("?")[0]
    if case["path"] == "portgroups/{portgroups}":
        return "/vmrest/portgroups"
    return path


def element_fields(node):
    return [child.tag for child in node]


def check_shape(case, resp, r, fmt, expect):
    """The documented root / list element and every documented field name."""
    ov = case.get("override", {})
    absent_ok = ov.get("absent_ok", {})
    kind = expect.get("kind", resp["kind"])
    doc_items = resp["values"]
    if fmt == "xml":
        tree = ET.fromstring(r.content)
        root = expect.get("root", resp["root"])
        assert tree.tag == root, f"root <{tree.tag}>, documented <{root}>"
        if kind == "list":
            item = expect.get("item", resp.get("item"))
            assert "total" in tree.attrib
            got = [{c.tag: (c.text or "") for c in node} for node in tree]
            assert all(node.tag == item for node in tree), [node.tag for node in tree]
        else:
            got = [{c.tag: (c.text or "") for c in tree}]
    else:
        body = r.json()
        if kind == "list":
            item = expect.get("item", resp.get("item"))
            assert "@total" in body
            value = body.get(item)
            assert value is not None, f"no {item!r} in {list(body)}"
            if int(body["@total"]) == 1:
                assert isinstance(value, dict), "one item must be an object (CUPI_FACTS)"
            got = [value] if isinstance(value, dict) else value
        else:
            assert "@total" not in body
            got = [body]
    assert got, "the emulator's list is empty; the example shows items"
    missing = []
    for i, doc in enumerate(doc_items[:len(got)]):
        for field, value in doc.items():
            if field in got[i]:
                continue
            why = absent_ok.get(field)
            if why is None:
                missing.append(f"item {i}: {field} (documented {value!r})")
            elif why.startswith("unset:"):
                assert value == "", f"{field}: 'unset' exception used for a non-empty example value"
    assert not missing, "documented fields missing: " + ", ".join(missing)


# Body fields that are not read back as sent, each by a documented choice (README):
NOT_READ_BACK = {
    "PortCount": "read-only, computed (000 L111 / 004 L149 send it in a PUT)",
    "ResetStatusEnum": "read-only (002 L1352)",
    "MediaSwitchDisplayName": "read-only",
    "CcmVersion": "read-only, always 5",
    "MediaRemoteServiceEnum": "AXL servers: read-only, always 103",
    "CcmAXLPassword": "write-only; reads back empty (CUPI_FACTS)",
    "SipAuthenticatePassword": "write-only; shown as an encrypted stand-in",
    "HostOrIPAddress": "port groups: an input that becomes the first port group server",
    "NumberOfPorts": "ports: an input (how many ports to create)",
    "VmsServerName": "ports: read-only, ignored (no lookup by name)",
    "DisplayName": "ports: read-only, <group>-NNN",
    "MediaSwitchObjectId": "replaced by the replay's phone system (AXL: the URL's)",
    "MediaPortGroupObjectId": "replaced by the replay's port group",
}


def check_written(case, client, state, target):
    """The example's written values read back (besides NOT_READ_BACK)."""
    got = client.call("GET", target.split("/reset")[0]).json()
    sent = request_body(case, state, case["body"]["fields"])
    wrong = []
    for field, value in sent.items():
        if field in NOT_READ_BACK:
            continue
        if field not in got:
            wrong.append(f"{field} not shown")
        elif str(got[field]).lower() != str(value).lower():
            wrong.append(f"{field}: sent {value!r}, reads {got[field]!r}")
    assert not wrong, wrong


def replay(case, client, state, body_patch=None):
    url = build(case, state)
    fmt = case["format"]
    headers = {"Accept": "application/json" if fmt == "json" else "application/xml"}
    headers.update(case.get("headers") or {})
    data = None
    if case.get("body") and case["method"] in ("POST", "PUT"):
        fields = request_body(case, state, case["body"]["fields"])
        fields.update(body_patch or {})
        fields = request_body(case, state, {k: v for k, v in fields.items() if v is not None})
        bfmt = case["body"]["format"]
        data = encode(case, fields, bfmt)
        # the XML examples show no headers: a client sends the body's type
        headers.setdefault("Content-Type", "application/json" if bfmt == "json" else "application/xml")
    r = client.s.request(case["method"], client.base + url, data=data, headers=headers, timeout=10)
    return url, r


def expectation(case):
    ov = case.get("override", {})
    expect = dict(ov.get("expect", {}))
    expect.setdefault("status", case["status"] or DEFAULT_STATUS[case["method"]])
    return expect


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
        assert re.fullmatch(re.escape(expected_collection(case, url)) + "/" + UUID, r.text), r.text
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
            assert re.fullmatch(re.escape(expected_collection(case, url)) + "/" + UUID, r.text), r.text


# Values where the reference's examples contradict its data-field tables (002 L1338-1411) or
# each other; the emulator follows the tables (README "Port groups"). The examples above are
# compared by field name only; these pin the choice.
DEFAULT_CHOICES = {
    # field: (chosen default, table line, values the examples show)
    "DtmfDialInterDigitDelayMs": ("50", 1385, "300 (L94, L145, L202, L275, L337, L953, L1214)"),
    "EnableMWI": ("false", 1353, "true (L81, L129, L189, L259, L319)"),
    "OutgoingGuardTimeMs": ("2500", 1382, "0 (L141, L271, L333), 1000 (L198)"),
    "SipTransportProtocolEnum": ("10", 1375, "11 (L137, L267, L327)"),
    "SipTLSModeEnum": ("11", 1376, "10 (L159)"),
}


@pytest.mark.parametrize("field", sorted(DEFAULT_CHOICES))
def test_choice_defaults_follow_the_data_field_tables(field, api, server):
    client, state = Client(server), State(Client(server))
    pg = state.port_group("sip")
    assert client.call("GET", f"/vmrest/portgroups/{pg}").json()[field] == DEFAULT_CHOICES[field][0]


def test_choice_skinny_device_prefix(api, server):
    """SkinnyDevicePrefix: 'Read Only' (002 L1410) yet sent by every SCCP create (L589, L616):
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
    """DisplayName: 'Read Only' (002 L1348, L1402) yet every create sends it: required on create,
    fixed afterwards (a PUT of the same value is accepted)."""
    client, state = Client(server), State(Client(server))
    pg = state.port_group("sip", name="PG-A")
    assert client.call("PUT", f"/vmrest/portgroups/{pg}", {"DisplayName": "PG-A"}).status_code == 204
    r = client.call("PUT", f"/vmrest/portgroups/{pg}", {"DisplayName": "PG-B"})
    assert r.status_code == 400 and "DisplayName" in r.text


def test_choice_both_url_spellings_and_plural_uris(api, server):
    """phonesystem/<id> (000 L49, L100; 004 L79, L136) and rtpcodecsdefs (002 L1047) are
    accepted; URIs in responses use phonesystems/ and rtpcodecdefs/."""
    client, state = Client(server), State(Client(server))
    ps = state.ps()
    assert client.call("GET", f"/vmrest/phonesystem/{ps}").json()["URI"] == f"/vmrest/phonesystems/{ps}"
    defs = client.items("/vmrest/rtpcodecsdefs")
    assert len(defs) == 5 and all(d["URI"].startswith("/vmrest/rtpcodecdefs/") for d in defs)
