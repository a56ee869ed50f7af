"""Replaying one example of the reference: the client, the objects a fresh emulator state
needs for the example (the doc's ids replaced by real ones), and the request as documented
(for test_conformance.py)."""

import json
from xml.sax.saxutils import escape

import requests

AUTH = ("admin", "Cupi-Demo-1")
TEMPLATES = {"sccp": "90dd306f-b8af-46b6-8289-f13437cc1e5e", "sip": "04e0e286-56ed-4f27-a325-756a49dd98e1",
             "pimg": "8fc4952c-aa4f-4b96-a4b3-dbe26e49d899"}
KIND_BY_TIM = {"1": "sccp", "2": "sip", "3": "pimg"}
TIM_BY_KIND = {v: k for k, v in KIND_BY_TIM.items()}
KIND_BY_TEMPLATE = {v: k for k, v in TEMPLATES.items()}
PROFILE_5060 = "15a3a4d9-65a0-456a-be38-4a4aff36554c"
# Status when the page documents none (request examples without a "Response Code"): A create is
# 201, an update or a delete 204 (docs/references.md#create-update-delete); a GET is 200.
DEFAULT_STATUS = {"GET": 200, "POST": 201, "PUT": 204, "DELETE": 204}
# Fields the emulator leaves out while unset (README "CUPI leaves NULL columns out"). A GET
# example showing one of them with a value is replayed on an object where it is set (the
# example's value), so the example's state is what is compared.
SEED_WHEN_SHOWN = ("SipAuthenticateAsUser", "SipAuthenticatePassword", "SipRPIDDisplayName",
                   "MediaCertificateObjectId")
# Body fields holding ids of objects the replay creates: the doc's id is replaced.
REF_FIELDS = ("MediaSwitchObjectId", "MediaPortGroupObjectId", "VmsServerObjectId",
              "MediaSipSecurityProfileObjectId", "MediaCertificateObjectId")


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
        if kind == "sccp":      # required for SCCP (Port Groups, "Creating SCCP Port Group")
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
                # as the POST examples send them (Telephony Integrations, "Adding New AXL Server";
                # Phone Systems, "Adding New AXL Server")
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
            # Port Groups, "Adding SCCP Port Group", "Adding SIP Port Groups" and "Adding PIMGTIMG
            # Port Groups": "The <objectId> is the id of your phone system"
            return f"/vmrest/portgroups/{state.ps()}"
        pg = state.port_group(kind, values=values[0] if len(segs) == 2 else {})
        real = ["portgroups", pg]
        if len(segs) > 2:
            sub = segs[2]
            real.append(sub)
            if sub == "reset":
                # a reset needs ResetStatusEnum 100 (Port Groups, "Resetting the Port Group"):
                # adding a server requires it
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
