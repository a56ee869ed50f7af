"""AXL servers: defaults, ranges, write-only password, parent checks."""

from cupi_emulator.models import RESOURCES

AXL_FIELDS = ["URI", "ObjectId", "MediaRemoteServiceEnum", "HostOrIPAddress", "Port", "TlsPort", "Precedence",
              "MediaSwitchObjectId", "PhoneSystemURI", "SkinnyStateMachineEnum", "HostOrIPAddressV6",
              "CcmAXLUser", "CcmAXLPassword", "IsPinSyncEnabled", "CcmVersion"]


def test_create_defaults_and_uri(api):
    ps = api.create_ps("HQ")
    r = api.post(f"/vmrest/phonesystems/{ps}/axlservers",
                 f"<AXLServer><MediaSwitchObjectId>{ps}</MediaSwitchObjectId><MediaRemoteServiceEnum>103"
                 "</MediaRemoteServiceEnum><HostOrIPAddress>10.1.1.10</HostOrIPAddress><CcmAXLPassword/></AXLServer>")
    assert r.status_code == 201
    assert r.text.startswith(f"/vmrest/phonesystems/{ps}/axlservers/")
    obj = api.get(r.text, fmt="json").json()
    assert list(obj) == AXL_FIELDS
    assert obj["MediaRemoteServiceEnum"] == "103" and obj["SkinnyStateMachineEnum"] == "10"
    assert (obj["Port"], obj["TlsPort"], obj["Precedence"]) == ("443", "443", "0")
    assert obj["MediaSwitchObjectId"] == ps and obj["PhoneSystemURI"] == f"/vmrest/phonesystems/{ps}"
    assert (obj["HostOrIPAddressV6"], obj["CcmAXLUser"], obj["CcmAXLPassword"]) == ("", "", "")
    assert obj["IsPinSyncEnabled"] == "false"
    second = api.create_axl(ps, "10.1.1.11")
    assert api.get(f"/vmrest/phonesystems/{ps}/axlservers/{second}", fmt="json").json()["Precedence"] == "1"
    body = api.get(f"/vmrest/phonesystems/{ps}/axlservers", fmt="json").json()
    assert body["@total"] == "2" and len(body["AXLServer"]) == 2
    assert "<AXLServers total=\"2\"><AXLServer>" in api.get(f"/vmrest/phonesystems/{ps}/axlservers").text


def test_password_is_write_only(api):
    ps = api.create_ps("HQ")
    axl = api.create_axl(ps, "cucm.example.com", CcmAXLUser="axl", CcmAXLPassword="s3cret")
    url = f"/vmrest/phonesystems/{ps}/axlservers/{axl}"
    assert api.get(url, fmt="json").json()["CcmAXLPassword"] == ""
    assert "s3cret" not in api.get(f"/vmrest/phonesystems/{ps}/axlservers").text
    assert api.admin("GET", f"secrets/axlservers/{axl}").json() == {"password": "s3cret"}
    assert api.put(url, {"AXLServer": {"CcmAXLPassword": "n3w", "CcmAXLUser": "CiscoCCM"}}).status_code == 204
    assert api.admin("GET", f"secrets/axlservers/{axl}").json() == {"password": "n3w"}
    assert api.get(url, fmt="json").json()["CcmAXLUser"] == "CiscoCCM"
    # a PUT without the password keeps it
    assert api.put(url, {"Port": "8443"}, fmt="json").status_code == 204
    assert api.admin("GET", f"secrets/axlservers/{axl}").json() == {"password": "n3w"}


def test_validation(api):
    ps = api.create_ps("HQ")
    base = f"/vmrest/phonesystems/{ps}/axlservers"
    for body, param in [({}, "HostOrIPAddress"), ({"HostOrIPAddress": ""}, "HostOrIPAddress"),
                        ({"HostOrIPAddress": "h" * 256}, "HostOrIPAddress"),
                        ({"HostOrIPAddress": "a", "Port": "65536"}, "Port"),
                        ({"HostOrIPAddress": "a", "TlsPort": "-1"}, "TlsPort"),
                        ({"HostOrIPAddress": "a", "Precedence": "10000"}, "Precedence"),
                        ({"HostOrIPAddress": "a", "CcmAXLUser": "u" * 65}, "CcmAXLUser"),
                        ({"HostOrIPAddress": "a", "IsPinSyncEnabled": "maybe"}, "IsPinSyncEnabled")]:
        r = api.post(base, {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": "103", **body}, fmt="json")
        assert r.status_code == 400, body
        assert r.json()["errors"]["code"] == "INVALID_PARAMETER"
        assert f"Parameter = [{param}]" in r.json()["errors"]["message"]
    top = RESOURCES["AXLServer"].field("TlsPort").max      # the range is the model's
    axl = api.create_axl(ps, "a", Port="0", TlsPort=str(top), Precedence="9999")
    assert api.put(f"{base}/{axl}", {"HostOrIPAddress": ""}, fmt="json").status_code == 400


def test_readonly_fields_ignored(api):
    # CcmVersion is sent by the reference's POST (Telephony Integrations, "Adding New AXL Server")
    # and PUT (Telephony Integrations, "Modifying AXL Server"): read-only, ignored
    ps = api.create_ps("HQ")
    axl = api.create_axl(ps, "a", CcmVersion="9", SkinnyStateMachineEnum="20")
    url = f"/vmrest/phonesystems/{ps}/axlservers/{axl}"
    obj = api.get(url, fmt="json").json()
    assert obj["MediaSwitchObjectId"] == ps and obj["MediaRemoteServiceEnum"] == "103" and obj["CcmVersion"] == "5"
    assert obj["SkinnyStateMachineEnum"] == "10"
    assert api.put(url, {"CcmVersion": "7", "MediaRemoteServiceEnum": "103"}, fmt="json").status_code == 204


def test_unknown_parent_and_wrong_parent(api):
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.post(f"/vmrest/phonesystems/{bogus}/axlservers", {"HostOrIPAddress": "a"}, fmt="json")
    assert r.status_code == 404
    assert r.json()["errors"] == {"code": "NOT_FOUND", "message": f"PhoneSystem - ObjectId={bogus}"}
    ps, other = api.create_ps("A"), api.create_ps("B")
    axl = api.create_axl(ps, "a")
    r = api.get(f"/vmrest/phonesystems/{other}/axlservers/{axl}", fmt="json")
    assert r.status_code == 404 and r.json()["errors"]["message"] == f"AXLServer - ObjectId={axl}"
    assert api.put(f"/vmrest/phonesystems/{other}/axlservers/{axl}", {"Port": "1"}, fmt="json").status_code == 400
    assert api.delete(f"/vmrest/phonesystems/{other}/axlservers/{axl}").status_code == 404
    assert api.delete(f"/vmrest/phonesystems/{ps}/axlservers/{axl}").status_code == 204
    assert api.get(f"/vmrest/phonesystems/{ps}/axlservers", fmt="json").json() == {"@total": "0"}
