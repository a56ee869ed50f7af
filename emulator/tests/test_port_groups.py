"""Port group templates and port groups: create (three integrations, two URL forms), defaults,
servers/codecs a new group starts with, updates and ranges, fixed fields, cascades."""

import pytest
from conftest import G711U, G729, TEMPLATE_IDS

SIP_FIELDS = [
    "URI", "MediaPortGroupTemplateObjectId", "MediaSwitchObjectId", "PhoneSystemURI",
    "TelephonyIntegrationMethodEnum", "EnableMWI", "DisplayName", "EnableAGC", "CcmDoAutoFailback", "MwiOnCode",
    "MwiOffCode", "MwiRetryCountOnSuccess", "MwiRetryIntervalOnSuccessMs", "ObjectId", "SipContactLineName",
    "SipTransportProtocolEnum", "SipRegisterWithProxyServer", "SipDoAuthenticate", "MwiMinRequestIntervalMs",
    "OutgoingGuardTimeMs", "OutgoingPostDialDelayMs", "OutgoingPreDialDelayMs", "DelayBeforeOpeningMs",
    "DtmfDialInterDigitDelayMs", "MwiMaxConcurrentRequests", "MediaSwitchDisplayName", "PortCount",
    "WaitForCallInfoMs", "SipDoSRTP", "SipDoDtmfRfc2833", "SipDoDtmfKPML", "MediaSipSecurityProfileObjectId",
    "SipTLSModeEnum", "ResetStatusEnum", "RecordingDTMFClipMs", "RecordingToneExtraClipMs", "PreferredCallControl",
    "SipPreferredMedia", "NoiseFreeEnable", "PortGroupServerURI", "PortGroupCodecURI", "PortURI"]
SIP_ONLY = {"SipContactLineName", "SipRegisterWithProxyServer", "SipDoAuthenticate"}
SIP_PIMG = {"WaitForCallInfoMs", "SipDoSRTP", "SipDoDtmfRfc2833", "SipDoDtmfKPML", "MediaSipSecurityProfileObjectId"}


def test_templates_xml_and_json(api):
    r = api.get("/vmrest/portgrouptemplates")
    assert r.status_code == 200 and '<PortGroupTemplates total="3"><PortGroupTemplate>' in r.text
    body = api.get("/vmrest/portgrouptemplates", fmt="json").json()
    rows = [(t["ObjectId"], t["CopyTelephonyIntegrationMethodEnum"], t["TemplateDescriptionDefault"])
            for t in body["PortGroupTemplate"]]
    assert rows == [(TEMPLATE_IDS["sccp"], "1", "SCCP"), (TEMPLATE_IDS["sip"], "2", "SIP"),
                    (TEMPLATE_IDS["pimg"], "3", "SIP to DMG/PIMG/TIMG")]
    one = api.get(f"/vmrest/portgrouptemplates/{TEMPLATE_IDS['sip']}", fmt="json").json()
    assert list(one) == ["URI", "CopyTelephonyIntegrationMethodEnum", "ObjectId", "TemplateDescriptionDefault"]
    assert one["URI"] == f"/vmrest/portgrouptemplates/{TEMPLATE_IDS['sip']}"
    assert api.post("/vmrest/portgrouptemplates", {"A": "1"}, fmt="json").status_code == 405
    sccp = api.get("/vmrest/portgrouptemplates?query=(CopyTelephonyIntegrationMethodEnum%20is%201)", fmt="json")
    assert sccp.json()["PortGroupTemplate"]["TemplateDescriptionDefault"] == "SCCP"


def test_create_sip_defaults_server_codecs(api, tel):
    ps = api.create_ps("HQ")
    r = api.post("/vmrest/portgroups",
                 "<PortGroup><MediaSwitchObjectId>%s</MediaSwitchObjectId><MediaPortGroupTemplateObjectId>%s"
                 "</MediaPortGroupTemplateObjectId><DisplayName>HQ-SIP</DisplayName>"
                 "<TelephonyIntegrationMethodEnum>2</TelephonyIntegrationMethodEnum>"
                 "<HostOrIPAddress>cucm.example.com</HostOrIPAddress></PortGroup>" % (ps, TEMPLATE_IDS["sip"].upper()))
    assert r.status_code == 201 and r.headers["Content-Type"] == "text/plain"
    pg = tel.oid(r)
    assert r.text == f"/vmrest/portgroups/{pg}"
    obj = tel.pg(pg)
    assert list(obj) == SIP_FIELDS
    expected = {
        "MediaPortGroupTemplateObjectId": TEMPLATE_IDS["sip"], "MediaSwitchObjectId": ps,
        "PhoneSystemURI": f"/vmrest/phonesystems/{ps}", "TelephonyIntegrationMethodEnum": "2",
        "EnableMWI": "false", "EnableAGC": "true", "CcmDoAutoFailback": "true", "MwiOnCode": "",
        "MwiRetryCountOnSuccess": "0", "MwiRetryIntervalOnSuccessMs": "5", "SipContactLineName": "",
        "SipTransportProtocolEnum": "10", "SipRegisterWithProxyServer": "false", "SipDoAuthenticate": "false",
        "MwiMinRequestIntervalMs": "0", "OutgoingGuardTimeMs": "2500", "OutgoingPostDialDelayMs": "50",
        "OutgoingPreDialDelayMs": "0", "DelayBeforeOpeningMs": "0", "DtmfDialInterDigitDelayMs": "50",
        "MwiMaxConcurrentRequests": "0", "MediaSwitchDisplayName": "HQ", "PortCount": "0", "WaitForCallInfoMs": "0",
        "SipDoSRTP": "true", "SipDoDtmfRfc2833": "true", "SipDoDtmfKPML": "true", "SipTLSModeEnum": "11",
        "ResetStatusEnum": "0", "RecordingDTMFClipMs": "170", "RecordingToneExtraClipMs": "250",
        "PreferredCallControl": "0", "SipPreferredMedia": "0", "NoiseFreeEnable": "true",
        "PortGroupServerURI": f"/vmrest/portgroups/{pg}/portgroupservers",
        "PortGroupCodecURI": f"/vmrest/portgroups/{pg}/portgroupcodecs", "PortURI": "/vmrest/ports/"}
    assert {k: obj[k] for k in expected} == expected
    profile = api.get(f"/vmrest/sipsecurityprofiles/{obj['MediaSipSecurityProfileObjectId']}", fmt="json").json()
    assert profile["DisplayName"] == "5060"
    servers = tel.items(f"/vmrest/portgroups/{pg}/portgroupservers", "PortGroupServer")
    assert [(s["MediaRemoteServiceEnum"], s["HostOrIPAddress"], s["Port"], s["TlsPort"], s["Precedence"])
            for s in servers] == [("102", "cucm.example.com", "5060", "5061", "0")]
    assert "SkinnyStateMachineEnum" not in servers[0]
    codecs = tel.items(f"/vmrest/portgroups/{pg}/portgroupcodecs", "PortGroupCodec")
    assert [(c["RtpCodecDefObjectId"], c["PreferredPacketSizeMs"], c["Preference"]) for c in codecs] == [
        (G711U, "20", "0"), (G729, "20", "1")]
    # XML rendering of the same object
    xml = api.get(f"/vmrest/portgroups/{pg}").text
    assert "<TelephonyIntegrationMethodEnum>2</TelephonyIntegrationMethodEnum>" in xml
    assert "<SipContactLineName/>" in xml and "<SkinnyDevicePrefix" not in xml and "MediaCertificateObjectId" not in xml


def test_create_sccp_and_pimg(api, tel):
    ps = api.create_ps("HQ")
    sccp = tel.port_group("sccp", "HQ-SCCP", ps=ps, SkinnyDevicePrefix="HQ-VI", TelephonyIntegrationMethodEnum="1")
    obj = tel.pg(sccp)
    assert obj["TelephonyIntegrationMethodEnum"] == "1" and obj["SkinnyDevicePrefix"] == "HQ-VI"
    assert not (set(obj) & (SIP_ONLY | SIP_PIMG - {"SipDoSRTP"} | {"MwiReqPortSpecific"}))
    servers = tel.items(f"/vmrest/portgroups/{sccp}/portgroupservers", "PortGroupServer")
    assert [(s["MediaRemoteServiceEnum"], s["Port"], s["TlsPort"], s["SkinnyStateMachineEnum"])
            for s in servers] == [("100", "2000", "2443", "10")]
    assert tel.pg(tel.port_group("sccp", "Other-SCCP", ps=ps, SkinnyDevicePrefix="Test1-VI"))["SkinnyDevicePrefix"] \
        == "Test1-VI"

    pimg = tel.port_group("pimg", "PIMG-1", ps=ps, host="10.78.171.157")
    obj = tel.pg(pimg)
    assert obj["TelephonyIntegrationMethodEnum"] == "3" and obj["MwiReqPortSpecific"] == "true"
    assert not (set(obj) & (SIP_ONLY | {"SkinnyDevicePrefix"})) and SIP_PIMG <= set(obj)
    servers = tel.items(f"/vmrest/portgroups/{pimg}/portgroupservers", "PortGroupServer")
    assert [(s["MediaRemoteServiceEnum"], s["HostOrIPAddress"]) for s in servers] == [("104", "10.78.171.157")]
    listed = api.get("/vmrest/portgroups?sort=(DisplayName%20desc)", fmt="json").json()
    assert listed["@total"] == "3"
    assert [p["DisplayName"] for p in listed["PortGroup"]] == ["PIMG-1", "Other-SCCP", "HQ-SCCP"]
    q = api.get("/vmrest/portgroups?query=(TelephonyIntegrationMethodEnum%20is%203)", fmt="json").json()
    assert q["@total"] == "1" and q["PortGroup"]["ObjectId"] == pimg


def test_create_under_phone_system_url(api, tel):
    ps = api.create_ps("HQ")
    body = {"MediaPortGroupTemplateObjectId": TEMPLATE_IDS["pimg"], "TelephonyIntegrationMethodEnum": "3",
            "DisplayName": "PIMG-2", "HostOrIPAddress": "10.78.171.157"}
    r = api.post(f"/vmrest/portgroups/{ps}", body, fmt="json")
    pg = tel.oid(r)
    assert r.text == f"/vmrest/portgroups/{pg}" and tel.pg(pg)["MediaSwitchObjectId"] == ps
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.post(f"/vmrest/portgroups/{bogus}", dict(body, DisplayName="x"), fmt="json")
    assert r.status_code == 404 and r.json()["errors"]["message"] == f"PhoneSystem - ObjectId={bogus}"
    assert api.request("PATCH", f"/vmrest/portgroups/{pg}").status_code == 405


@pytest.mark.parametrize("change, param", [
    ({"MediaSwitchObjectId": None}, "MediaSwitchObjectId"),
    ({"MediaSwitchObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "MediaSwitchObjectId"),
    ({"MediaPortGroupTemplateObjectId": None}, "MediaPortGroupTemplateObjectId"),
    ({"MediaPortGroupTemplateObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "MediaPortGroupTemplateObjectId"),
    ({"DisplayName": None}, "DisplayName"),
    ({"DisplayName": "x" * 65}, "DisplayName"),
    ({"HostOrIPAddress": None}, "HostOrIPAddress"),
    ({"HostOrIPAddress": "a b"}, "HostOrIPAddress"),
    ({"TelephonyIntegrationMethodEnum": None}, "TelephonyIntegrationMethodEnum"),
    ({"TelephonyIntegrationMethodEnum": "1"}, "TelephonyIntegrationMethodEnum"),
    ({"TelephonyIntegrationMethodEnum": "4"}, "TelephonyIntegrationMethodEnum"),
    ({"SkinnyDevicePrefix": "VI"}, "SkinnyDevicePrefix"),
    ({"MwiRetryCountOnSuccess": "11"}, "MwiRetryCountOnSuccess"),
    ({"MediaSipSecurityProfileObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "MediaSipSecurityProfileObjectId"),
])
def test_create_validation(api, change, param):
    ps = api.create_ps("HQ")
    body = {"MediaSwitchObjectId": ps, "MediaPortGroupTemplateObjectId": TEMPLATE_IDS["sip"],
            "TelephonyIntegrationMethodEnum": "2", "DisplayName": "HQ-SIP", "HostOrIPAddress": "10.1.1.1"}
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    r = api.post("/vmrest/portgroups", body, fmt="json")
    assert r.status_code == 400, r.text
    assert r.json()["errors"]["code"] == "INVALID_PARAMETER"
    assert f"Parameter = [{param}]" in r.json()["errors"]["message"]
    assert api.get("/vmrest/portgroups", fmt="json").json() == {"@total": "0"}


def test_duplicate_name(api, tel):
    ps = api.create_ps("HQ")
    tel.port_group("sip", "Dup", ps=ps)
    r = api.post("/vmrest/portgroups", {"MediaSwitchObjectId": ps, "MediaPortGroupTemplateObjectId":
                                        TEMPLATE_IDS["sccp"], "TelephonyIntegrationMethodEnum": "1",
                                        "SkinnyDevicePrefix": "Dup-VI", "DisplayName": "dup",
                                        "HostOrIPAddress": "a"},
                 fmt="json")
    assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
    assert "DisplayName 'dup' already exists" in r.json()["errors"]["message"]


RANGES = [("MwiMaxConcurrentRequests", 0, 250), ("MwiRetryCountOnSuccess", 0, 10),
          ("MwiRetryIntervalOnSuccessMs", 0, 100), ("MwiMinRequestIntervalMs", 0, 5000),
          ("DelayBeforeOpeningMs", 0, 3000), ("OutgoingGuardTimeMs", 0, 10000), ("OutgoingPreDialDelayMs", 0, 3000),
          ("OutgoingPostDialDelayMs", 0, 3000), ("DtmfDialInterDigitDelayMs", 0, 500),
          ("RecordingDTMFClipMs", 0, 300), ("RecordingToneExtraClipMs", 0, 5000)]
ENUMS = [("PreferredCallControl", ("0", "1", "2"), "3"), ("SipPreferredMedia", ("0", "1", "2"), "3"),
         ("SipTransportProtocolEnum", ("11", "10"), "12"), ("SipTLSModeEnum", ("10", "11"), "12")]


def test_update_ranges_and_enums(api, tel):
    pg = tel.port_group("sip")
    url = f"/vmrest/portgroups/{pg}"
    for name, low, high in RANGES:
        assert api.put(url, {name: str(high)}, fmt="json").status_code == 204, name
        assert tel.pg(pg)[name] == str(high)
        assert api.put(url, {name: str(low)}, fmt="xml").status_code == 204, name
        for bad in (high + 1, low - 1):
            r = api.put(url, {name: str(bad)}, fmt="json")
            assert r.status_code == 400 and f"Parameter = [{name}]" in r.json()["errors"]["message"], name
    for name, good, bad in ENUMS:
        for value in good:
            assert api.put(url, {name: value}, fmt="json").status_code == 204
            assert tel.pg(pg)[name] == value
        r = api.put(url, {name: bad}, fmt="json")
        assert r.status_code == 400 and f"Parameter = [{name}]" in r.json()["errors"]["message"]
    flags = {"EnableMWI": "1", "EnableAGC": "false", "CcmDoAutoFailback": "0", "NoiseFreeEnable": "false",
             "SipDoSRTP": "false", "SipDoDtmfRfc2833": "false", "SipDoDtmfKPML": "false",
             "SipRegisterWithProxyServer": "true", "SipDoAuthenticate": "true"}
    assert api.put(url, flags, fmt="json").status_code == 204
    obj = tel.pg(pg)
    assert {k: obj[k] for k in flags} == {k: ("true" if v in ("1", "true") else "false") for k, v in flags.items()}
    texts = {"MwiOnCode": "98", "MwiOffCode": "99", "SipContactLineName": "vm-line_1.(x)", "SipAuthenticateAsUser":
             "SIPUser", "SipRPIDDisplayName": "Voicemail"}
    assert api.put(url, texts, fmt="json").status_code == 204
    obj = tel.pg(pg)
    assert {k: obj[k] for k in texts} == texts
    for name, bad in (("SipContactLineName", "a b"), ("SipContactLineName", "x" * 65),
                      ("SipAuthenticateAsUser", "u" * 65), ("EnableMWI", "maybe")):
        r = api.put(url, {name: bad}, fmt="json")
        assert r.status_code == 400 and f"Parameter = [{name}]" in r.json()["errors"]["message"]
    # an invalid PUT changes nothing
    assert api.put(url, {"EnableAGC": "true", "RecordingDTMFClipMs": "301"}, fmt="json").status_code == 400
    assert tel.pg(pg)["EnableAGC"] == "false"


def test_sip_password_is_masked(api, tel, server):
    pg = tel.port_group("sip")
    assert "SipAuthenticatePassword" not in tel.pg(pg)
    assert api.put(f"/vmrest/portgroups/{pg}", {"SipAuthenticatePassword": "s3cret"}, fmt="json").status_code == 204
    shown = tel.pg(pg)["SipAuthenticatePassword"]
    assert shown and shown != "s3cret" and len(shown) == 24
    assert server.backend.snapshot()["PortGroup"][pg]["SipAuthenticatePassword"] == "s3cret"


def test_fixed_and_readonly_fields(api, tel):
    ps, other = api.create_ps("HQ"), api.create_ps("Other")
    pg = tel.port_group("sip", "HQ-SIP", ps=ps)
    url = f"/vmrest/portgroups/{pg}"
    # the same values (any case) and read-only fields are ignored
    same = {"TelephonyIntegrationMethodEnum": "2", "MediaSwitchObjectId": ps.upper(),
            "MediaPortGroupTemplateObjectId": TEMPLATE_IDS["sip"], "DisplayName": "HQ-SIP", "PortCount": "9",
            "ResetStatusEnum": "100", "ObjectId": "x", "MediaSwitchDisplayName": "y", "Unknown": "z"}
    assert api.put(url, same, fmt="json").status_code == 204
    obj = tel.pg(pg)
    assert (obj["PortCount"], obj["ResetStatusEnum"], obj["ObjectId"]) == ("0", "0", pg)
    for name, value in (("TelephonyIntegrationMethodEnum", "1"), ("MediaSwitchObjectId", other),
                        ("MediaPortGroupTemplateObjectId", TEMPLATE_IDS["sccp"]), ("DisplayName", "New")):
        r = api.put(url, {name: value, "EnableMWI": "true"}, fmt="json")
        assert r.status_code == 400, name
        assert r.json()["errors"]["code"] == "INVALID_PARAMETER"
        assert f"Parameter = [{name}]" in r.json()["errors"]["message"]
        assert "cannot be changed" in r.json()["errors"]["message"]
    assert tel.pg(pg)["EnableMWI"] == "false" and tel.pg(pg)["MediaSwitchObjectId"] == ps


def test_fields_of_other_integrations_refused(api, tel):
    sccp = tel.port_group("sccp")
    for name, value in (("SipContactLineName", "x"), ("SipDoDtmfKPML", "false"), ("MwiReqPortSpecific", "false"),
                        ("MediaSipSecurityProfileObjectId", "15a3a4d9-65a0-456a-be38-4a4aff36554c")):
        r = api.put(f"/vmrest/portgroups/{sccp}", {name: value}, fmt="json")
        assert r.status_code == 400 and f"Parameter = [{name}]" in r.json()["errors"]["message"], name
        assert "SCCP" in r.json()["errors"]["message"]
    pimg = tel.port_group("pimg")
    r = api.put(f"/vmrest/portgroups/{pimg}", {"SipDoAuthenticate": "true"}, fmt="json")
    assert r.status_code == 400 and "PIMG/TIMG" in r.json()["errors"]["message"]
    assert api.put(f"/vmrest/portgroups/{pimg}", {"MwiReqPortSpecific": "false"}, fmt="json").status_code == 204


def test_unknown_ids(api):
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.get(f"/vmrest/portgroups/{bogus}", fmt="json")
    assert r.status_code == 404 and r.json()["errors"]["message"] == f"PortGroup - ObjectId={bogus}"
    assert api.put(f"/vmrest/portgroups/{bogus}", {"EnableMWI": "1"}, fmt="json").status_code == 400
    assert api.delete(f"/vmrest/portgroups/{bogus}").status_code == 404
    assert api.get(f"/vmrest/portgroups/{bogus}/portgroupservers", fmt="json").json() == {"@total": "0"}
    assert api.get(f"/vmrest/portgroups/{bogus}/portgroupcodecs", fmt="json").json() == {"@total": "0"}


def test_delete_cascades(api, tel, server):
    ps = api.create_ps("HQ")
    keep = tel.port_group("sip", "Keep", ps=ps)
    pg = tel.port_group("sccp", "Gone", ps=ps)
    tel.ports(pg, 4)
    tel.ports(keep, 2)
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["PortCount"] == "6"
    assert tel.pg(pg)["PortCount"] == "4"
    assert api.delete(f"/vmrest/portgroups/{pg}").status_code == 204
    snap = server.backend.snapshot()
    assert {p["_parent"] for p in snap["Port"].values()} == {keep}
    assert {s["_parent"] for s in snap["PortGroupServer"].values()} == {keep}
    assert {c["_parent"] for c in snap["PortGroupCodec"].values()} == {keep}
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["PortCount"] == "2"
    assert api.get("/vmrest/ports", fmt="json").json()["@total"] == "2"


def test_phone_system_delete_cascades_and_refuses_with_users(api, tel, server):
    ps = api.create_ps("HQ")
    pg = tel.port_group("sip", "HQ-SIP", ps=ps)
    tel.ports(pg, 2)
    assert api.admin("POST", "associations", json={"phone_system": "HQ", "alias": "jdoe"}).status_code == 201
    r = api.delete(f"/vmrest/phonesystems/{ps}", fmt="json")
    assert r.status_code == 400 and "jdoe" in r.json()["errors"]["message"]
    assert tel.pg(pg)["PortCount"] == "2"          # nothing deleted
    server.backend.delete("PhoneSystemAssociation",
                          next(iter(server.backend.snapshot()["PhoneSystemAssociation"])), ps)
    assert api.delete(f"/vmrest/phonesystems/{ps}").status_code == 204
    snap = server.backend.snapshot()
    assert not snap["PortGroup"] and not snap["Port"] and not snap["PortGroupServer"] and not snap["PortGroupCodec"]


# ---- port group servers ------------------------------------------------------------------

SERVER_FIELDS = ["URI", "ObjectId", "MediaRemoteServiceEnum", "MediaPortGroupObjectId", "PortGroupURI",
                 "HostOrIPAddress", "Port", "TlsPort", "Precedence", "SkinnyStateMachineEnum", "HostOrIPAddressV6"]


def test_servers_crud_sccp(api, tel):
    pg = tel.port_group("sccp")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    r = api.post(base, "<PortGroupServer><MediaRemoteServiceEnum>100</MediaRemoteServiceEnum>"
                       f"<MediaPortGroupObjectId>{pg}</MediaPortGroupObjectId><HostOrIPAddress>12.12.12.12"
                       "</HostOrIPAddress><SkinnyStateMachineEnum>20</SkinnyStateMachineEnum></PortGroupServer>")
    sid = tel.oid(r)
    assert r.text == f"{base}/{sid}"
    obj = api.get(r.text, fmt="json").json()
    assert list(obj) == SERVER_FIELDS
    assert (obj["MediaRemoteServiceEnum"], obj["Port"], obj["TlsPort"], obj["Precedence"],
            obj["SkinnyStateMachineEnum"], obj["MediaPortGroupObjectId"]) == ("100", "2000", "2443", "1", "20", pg)
    tftp = tel.oid(api.post(base, {"MediaRemoteServiceEnum": "101", "MediaPortGroupObjectId": pg}, fmt="json"))
    t = api.get(f"{base}/{tftp}", fmt="json").json()
    assert (t["HostOrIPAddress"], t["Precedence"]) == ("127.0.0.1", "0")     # loopback by default
    assert api.put(f"{base}/{sid}", {"HostOrIPAddress": "10.78.171.158", "Port": "2001", "TlsPort": "2443",
                                     "Precedence": "2", "HostOrIPAddressV6": "fe80::1"}, fmt="xml").status_code == 204
    obj = api.get(f"{base}/{sid}", fmt="json").json()
    assert (obj["Port"], obj["Precedence"], obj["HostOrIPAddressV6"]) == ("2001", "2", "fe80::1")
    assert api.get(base, fmt="json").json()["@total"] == "3"
    assert '<PortGroupServers total="3"><PortGroupServer>' in api.get(base).text
    assert api.delete(f"{base}/{sid}").status_code == 204
    assert api.get(f"{base}/{sid}").status_code == 404


@pytest.mark.parametrize("body, param", [
    ({}, "MediaRemoteServiceEnum"),
    ({"MediaRemoteServiceEnum": "105"}, "MediaRemoteServiceEnum"),
    ({"MediaRemoteServiceEnum": "103"}, "MediaRemoteServiceEnum"),        # AXL: phone system only
    ({"MediaRemoteServiceEnum": "100"}, "MediaRemoteServiceEnum"),        # CUCM server: SCCP only
    ({"MediaRemoteServiceEnum": "102", "Port": "10000"}, "Port"),
    ({"MediaRemoteServiceEnum": "102", "TlsPort": "-1"}, "TlsPort"),
    ({"MediaRemoteServiceEnum": "102", "Precedence": "10000"}, "Precedence"),
    ({"MediaRemoteServiceEnum": "102", "HostOrIPAddress": ""}, "HostOrIPAddress"),
    ({"MediaRemoteServiceEnum": "102", "SkinnyStateMachineEnum": "10"}, "SkinnyStateMachineEnum"),
])
def test_server_validation_sip(api, tel, body, param):
    pg = tel.port_group("sip")
    r = api.post(f"/vmrest/portgroups/{pg}/portgroupservers", {"MediaPortGroupObjectId": pg, **body}, fmt="json")
    assert r.status_code == 400, r.text
    assert r.json()["errors"]["code"] == "INVALID_PARAMETER" and f"Parameter = [{param}]" in r.json()["errors"]["message"]


def test_server_sip_defaults_and_fixed_service(api, tel):
    pg = tel.port_group("sip")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    sid = tel.oid(api.post(base, {"MediaRemoteServiceEnum": "102", "MediaPortGroupObjectId": pg,
                                  "HostOrIPAddress": "12.12.12.12",
                                  "Port": "5060", "TlsPort": "5061", "Precedence": "0"}, fmt="json"))
    obj = api.get(f"{base}/{sid}", fmt="json").json()
    assert "SkinnyStateMachineEnum" not in obj and obj["Precedence"] == "0"
    assert api.put(f"{base}/{sid}", {"MediaRemoteServiceEnum": "102", "Port": "0", "TlsPort": "9999"},
                   fmt="json").status_code == 204
    r = api.put(f"{base}/{sid}", {"MediaRemoteServiceEnum": "101"}, fmt="json")
    assert r.status_code == 400 and "Parameter = [MediaRemoteServiceEnum]" in r.json()["errors"]["message"]
    r = api.put(f"{base}/{sid}", {"SkinnyStateMachineEnum": "20"}, fmt="json")
    assert r.status_code == 400 and "Parameter = [SkinnyStateMachineEnum]" in r.json()["errors"]["message"]
    sccp = tel.port_group("sccp", "S")
    s_sid = tel.items(f"/vmrest/portgroups/{sccp}/portgroupservers", "PortGroupServer")[0]["ObjectId"]
    r = api.put(f"/vmrest/portgroups/{sccp}/portgroupservers/{s_sid}", {"SkinnyStateMachineEnum": "30"}, fmt="json")
    assert r.status_code == 400
    # a server id under another port group is unknown
    assert api.get(f"/vmrest/portgroups/{sccp}/portgroupservers/{sid}").status_code == 404


def test_pimg_servers_not_editable(api, tel):
    pg = tel.port_group("pimg")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    sid = tel.items(base, "PortGroupServer")[0]["ObjectId"]
    for r in (api.post(base, {"MediaRemoteServiceEnum": "104", "HostOrIPAddress": "a"}, fmt="json"),
              api.put(f"{base}/{sid}", {"Port": "5062"}, fmt="json"),
              api.delete(f"{base}/{sid}", fmt="json")):
        assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
        assert "PIMG is not supported" in r.json()["errors"]["message"]
    assert len(tel.items(base, "PortGroupServer")) == 1
    assert api.delete(f"/vmrest/portgroups/{pg}").status_code == 204     # the cascade still takes it
