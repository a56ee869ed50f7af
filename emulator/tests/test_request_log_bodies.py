"""The request log records each request's body (parsed, flat) with secret values masked."""

import json

from cupi_emulator.serialize import describe_body

MASK = "********"


def _entries(api):
    return api.admin("GET", "requests").json()


def test_bodies_are_logged_and_secrets_masked(api, tel):
    ps = api.create_ps("HQ")
    assert api.admin("DELETE", "requests").status_code == 204
    # JSON, flat, with the AXL password
    axl = api.post(f"/vmrest/phonesystems/{ps}/axlservers",
                   {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": 103, "HostOrIPAddress": "cucm1",
                    "CcmAXLUser": "axl", "CcmAXLPassword": "Sup3r-Secret!", "IsPinSyncEnabled": False}, fmt="json")
    assert axl.status_code == 201
    # XML with the same password in a PUT, and an empty password (nothing to hide)
    assert api.put(axl.text, "<AXLServer><CcmAXLPassword>Sup3r-Secret!</CcmAXLPassword>"
                             "<CcmAXLUser>CiscoCCM</CcmAXLUser></AXLServer>").status_code == 204
    assert api.put(axl.text, "<AXLServer><CcmAXLPassword/></AXLServer>").status_code == 204
    # JSON wrapped in the type name, with the SIP password
    pg = tel.port_group("sip", ps=ps)
    assert api.put(f"/vmrest/portgroups/{pg}", {"PortGroup": {"SipDoAuthenticate": "true",
                                                                "SipAuthenticatePassword": "Sup3r-Secret!"}},
                   fmt="json").status_code == 204
    assert api.get(f"/vmrest/portgroups/{pg}").status_code == 200
    entries = _entries(api)
    assert "Sup3r-Secret!" not in json.dumps(entries)
    post, put_xml, put_empty = entries[0], entries[1], entries[2]
    assert post["method"] == "POST" and post["body"] == {
        "format": "json", "root": None,
        "fields": {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": "103", "HostOrIPAddress": "cucm1",
                   "CcmAXLUser": "axl", "CcmAXLPassword": MASK, "IsPinSyncEnabled": "false"}}
    assert put_xml["body"] == {"format": "xml", "root": "AXLServer",
                               "fields": {"CcmAXLPassword": MASK, "CcmAXLUser": "CiscoCCM"}}
    assert put_empty["body"] == {"format": "xml", "root": "AXLServer", "fields": {"CcmAXLPassword": ""}}
    pg_put = next(e for e in entries if e["method"] == "PUT" and e["path"] == f"/vmrest/portgroups/{pg}")
    assert pg_put["body"] == {"format": "json", "root": "PortGroup",
                              "fields": {"SipDoAuthenticate": "true", "SipAuthenticatePassword": MASK}}
    get = entries[-1]
    assert get["method"] == "GET" and get["body"] is None
    # the log is masked, the store is not: the empty password cleared the stored one
    assert api.admin("GET", f"secrets/axlservers/{axl.text.rsplit('/', 1)[1]}").json() == {"password": ""}


def test_bodies_of_refused_requests_are_logged(api):
    api.post("/vmrest/phonesystems", {"DisplayName": "x", "CcmAXLPassword": "pw1"}, fmt="json",
             auth=("admin", "wrong"))                                          # 401
    api.request("POST", "/vmrest/phonesystems", data="<PhoneSystem><DisplayName>x",
                headers={"Content-Type": "application/xml"})                  # malformed: 400
    api.request("POST", "/vmrest/phonesystems", data="DisplayName=x", headers={"Content-Type": "text/plain"})  # 415
    entries = _entries(api)
    assert [e["status"] for e in entries] == [401, 400, 415]
    assert entries[0]["body"]["fields"] == {"DisplayName": "x", "CcmAXLPassword": MASK}
    assert entries[1]["body"] == {"format": "xml", "root": None, "fields": {}, "error": "malformed"}
    assert entries[2]["body"]["format"] == "xml" and entries[2]["body"]["fields"] == {}
    assert "pw1" not in json.dumps(entries)


def test_describe_body_masks_any_password_or_private_key():
    assert describe_body("") is None and describe_body("  \n") is None
    body = describe_body('{"SipCertificate": {"PrivateKey": "-----BEGIN", "SubjectName": "s", '
                         '"adminPassword": "x", "Port": 5060, "Nested": {"UserPassword": "y", "a": [1]}}}',
                         "application/json")
    assert body == {"format": "json", "root": "SipCertificate",
                    "fields": {"PrivateKey": MASK, "SubjectName": "s", "adminPassword": MASK, "Port": "5060",
                               "Nested": '{"UserPassword":"********","a":[1]}'}}
    body = describe_body('<PortGroup a="1"><SipAuthenticatePassword>p</SipAuthenticatePassword>'
                         '<EnableMWI>true</EnableMWI><MwiOnCode/></PortGroup>', "text/xml")
    assert body == {"format": "xml", "root": "PortGroup",
                    "fields": {"SipAuthenticatePassword": MASK, "EnableMWI": "true", "MwiOnCode": ""}}
    assert describe_body("<PortGroup/>", "application/xml") == {"format": "xml", "root": "PortGroup", "fields": {}}
    assert describe_body("[1, 2]", "application/json")["error"] == "malformed"
