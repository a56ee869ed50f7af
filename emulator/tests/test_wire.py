"""Wire format: list shapes, strings everywhere, create/update/delete codes, error bodies."""

import re
import xml.etree.ElementTree as ET

PS_FIELDS = [
    "URI", "ObjectId", "DisplayName", "MwiAlwaysUpdate", "MwiPortMemory",
    "CallLoopSupervisedTransferDetect", "CallLoopForwardNotificationDetect", "CallLoopDTMF",
    "CallLoopGuardTimeMs", "PortCount", "EnablePhoneApplications", "DefaultTRaPSwitch", "MwiForceOff",
    "RestrictDialUnconditional", "RestrictDialScheduled", "RestrictDialStartTime", "RestrictDialEndTime",
    "CallLoopExtensionDetect", "AXLServerURI", "PhoneSystemAssociationURI",
]
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_xml_list_with_0_1_2_items(api):
    r = api.get("/vmrest/phonesystems")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(r.content)
    assert root.tag == "PhoneSystems" and root.attrib == {"total": "0"} and len(root) == 0

    api.create_ps("A")
    root = ET.fromstring(api.get("/vmrest/phonesystems").content)
    assert root.attrib["total"] == "1"
    assert [c.tag for c in root] == ["PhoneSystem"]
    assert [c.tag for c in root[0]] == PS_FIELDS

    api.create_ps("B")
    root = ET.fromstring(api.get("/vmrest/phonesystems").content)
    assert root.attrib["total"] == "2"
    assert [c.find("DisplayName").text for c in root] == ["A", "B"]


def test_json_list_with_0_1_2_items(api):
    r = api.get("/vmrest/phonesystems", fmt="json")
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json() == {"@total": "0"}

    ps = api.create_ps("A")
    body = api.get("/vmrest/phonesystems", fmt="json").json()
    assert set(body) == {"@total", "PhoneSystem"}
    assert body["@total"] == "1"
    assert isinstance(body["PhoneSystem"], dict)
    assert list(body["PhoneSystem"]) == PS_FIELDS
    assert body["PhoneSystem"]["ObjectId"] == ps

    api.create_ps("B")
    body = api.get("/vmrest/phonesystems", fmt="json").json()
    assert body["@total"] == "2"
    assert isinstance(body["PhoneSystem"], list) and len(body["PhoneSystem"]) == 2


def test_every_json_value_is_a_string_and_defaults(api):
    ps = api.create_ps("HQ")
    obj = api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()
    assert all(isinstance(v, str) for v in obj.values())
    assert UUID4.match(ps)
    assert obj == {
        "URI": f"/vmrest/phonesystems/{ps}", "ObjectId": ps, "DisplayName": "HQ",
        "MwiAlwaysUpdate": "false", "MwiPortMemory": "false",
        "CallLoopSupervisedTransferDetect": "false", "CallLoopForwardNotificationDetect": "false",
        "CallLoopDTMF": "A", "CallLoopGuardTimeMs": "2500", "PortCount": "0",
        "EnablePhoneApplications": "false", "DefaultTRaPSwitch": "true", "MwiForceOff": "false",
        "RestrictDialUnconditional": "false", "RestrictDialScheduled": "false",
        "RestrictDialStartTime": "0", "RestrictDialEndTime": "0", "CallLoopExtensionDetect": "true",
        "AXLServerURI": f"/vmrest/phonesystems/{ps}/axlservers",
        "PhoneSystemAssociationURI": f"/vmrest/phonesystems/{ps}/phonesystemassociations",
    }


def test_xml_single_object_and_booleans(api):
    ps = api.create_ps("HQ")
    r = api.get(f"/vmrest/phonesystems/{ps}")
    root = ET.fromstring(r.content)
    assert root.tag == "PhoneSystem"
    assert root.find("DefaultTRaPSwitch").text == "true"
    assert root.find("MwiForceOff").text == "false"


def test_empty_value_renders_as_empty_element(api):
    ps = api.create_ps("HQ")
    axl = api.create_axl(ps, "10.0.0.1", CcmAXLPassword="secret")
    text = api.get(f"/vmrest/phonesystems/{ps}/axlservers/{axl}").text
    assert "<CcmAXLPassword/>" in text
    assert "<HostOrIPAddressV6/>" in text
    assert api.get(f"/vmrest/phonesystems/{ps}/axlservers/{axl}", fmt="json").json()["CcmAXLPassword"] == ""


def test_create_is_201_text_plain_uri(api):
    r = api.post("/vmrest/phonesystems", "<PhoneSystem><DisplayName>X</DisplayName></PhoneSystem>")
    assert r.status_code == 201
    assert r.headers["Content-Type"].startswith("text/plain")
    assert re.fullmatch(r"/vmrest/phonesystems/[0-9a-f-]{36}", r.text)
    assert api.get(r.text).status_code == 200


def test_update_and_delete_are_204_empty(api):
    ps = api.create_ps("X")
    r = api.put(f"/vmrest/phonesystems/{ps}", {"PhoneSystem": {"MwiForceOff": "true"}})
    assert r.status_code == 204 and r.content == b""
    r = api.delete(f"/vmrest/phonesystems/{ps}")
    assert r.status_code == 204 and r.content == b""


def test_404_unknown_id_xml_and_json(api):
    oid = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.get(f"/vmrest/phonesystems/{oid}")
    assert r.status_code == 404
    root = ET.fromstring(r.content)
    assert root.tag == "ErrorDetails"
    assert root.find("errors/code").text == "NOT_FOUND"
    assert root.find("errors/message").text == f"PhoneSystem - ObjectId={oid}"
    r = api.delete(f"/vmrest/phonesystems/{oid}", fmt="json")
    assert r.status_code == 404
    assert r.json() == {"errors": {"code": "NOT_FOUND", "message": f"PhoneSystem - ObjectId={oid}"}}


def test_put_unknown_id_is_400_data_exception(api):
    r = api.put("/vmrest/phonesystems/0b5a7b4e-1111-4222-8333-444455556666", {"MwiForceOff": "1"},
                fmt="json")
    assert r.status_code == 400
    assert r.json()["errors"]["code"] == "DATA_EXCEPTION"


def test_415_without_content_type(api):
    r = api.request("POST", "/vmrest/phonesystems", data="<PhoneSystem/>", fmt="json",
                    headers={"Content-Type": None})
    assert r.status_code == 415
    assert r.json()["errors"]["code"]
    r = api.request("PUT", f"/vmrest/phonesystems/{api.create_ps('X')}", data="x",
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert ET.fromstring(r.content).tag == "ErrorDetails"


def test_400_invalid_parameter_body(api):
    r = api.post("/vmrest/phonesystems", {"DisplayName": "X", "CallLoopGuardTimeMs": "99999"})
    assert r.status_code == 400
    root = ET.fromstring(r.content)
    assert root.find("errors/code").text == "INVALID_PARAMETER"
    assert root.find("errors/message").text.startswith(
        "Invalid parameter. Parameter = [CallLoopGuardTimeMs], Value = [99999]")


def test_malformed_bodies_are_400(api):
    r = api.request("POST", "/vmrest/phonesystems", data="<PhoneSystem><Disp",
                    headers={"Content-Type": "application/xml"})
    assert r.status_code == 400
    r = api.request("POST", "/vmrest/phonesystems", data="{nope", fmt="json",
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"


def test_unknown_path_and_wrong_method(api):
    r = api.get("/vmrest/nosuchthing", fmt="json")
    assert r.status_code == 404 and r.json()["errors"]["code"] == "NOT_FOUND"
    r = api.request("DELETE", "/vmrest/phonesystems")
    assert r.status_code == 405
    assert ET.fromstring(r.content).tag == "ErrorDetails"
    r = api.request("POST", "/vmrest/vmsservers", body={"VmsServer": {"ServerName": "x"}})
    assert r.status_code == 405


def test_booleans_1_0_and_case_unknown_and_readonly_fields(api):
    r = api.post("/vmrest/phonesystems", {"DisplayName": "X", "MwiForceOff": "1", "MwiPortMemory": "TRUE",
                                          "DefaultTRaPSwitch": "0", "Bogus": "x", "PortCount": "7",
                                          "ObjectId": "not-mine", "URI": "/x"}, fmt="json")
    assert r.status_code == 201
    obj = api.get(r.text, fmt="json").json()
    assert (obj["MwiForceOff"], obj["MwiPortMemory"], obj["DefaultTRaPSwitch"]) == ("true", "true", "false")
    assert obj["PortCount"] == "0"
    assert obj["ObjectId"] != "not-mine" and "Bogus" not in obj


def test_json_body_with_native_types(api):
    r = api.post("/vmrest/phonesystems", {"DisplayName": "J", "MwiForceOff": True, "CallLoopGuardTimeMs": 100},
                 body_fmt="json", fmt="xml")
    assert r.status_code == 201
    root = ET.fromstring(api.get(r.text).content)
    assert root.find("MwiForceOff").text == "true"
    assert root.find("CallLoopGuardTimeMs").text == "100"


def test_text_xml_body_accepted(api):
    r = api.request("POST", "/vmrest/phonesystems", data="<PhoneSystem><DisplayName>T</DisplayName></PhoneSystem>",
                    headers={"Content-Type": "text/xml; charset=utf-8"})
    assert r.status_code == 201
