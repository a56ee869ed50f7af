"""Ports: adding in even numbers, names and device names, VMS server, licence, update, delete."""

import pytest
from cupi_emulator import EmulatorServer

PORT_FIELDS = ["URI", "ObjectId", "MediaPortGroupObjectId", "PortGroupURI", "TelephonyIntegrationMethodEnum",
               "PortNumInGroup", "SkinnySecurityModeEnum", "SkinnyDoMediaEncryption", "VmsServerObjectId", "HuntOrder",
               "DisplayName", "SkinnyDeviceName", "PimgPortNumber", "CapAnswer", "CapNotification", "CapMWI",
               "CapEnabled", "CapDeliverAmis", "CapTrapConnection", "MediaSwitchDisplayName", "MediaSwitchObjectId",
               "PhoneSystemURI", "MediaPortGroupDisplayName", "MediaPortGroupEnableMWI",
               "MediaPortGroupMwiReqPortSpecific", "SipSendPort", "VmsServerName"]


def test_add_sccp_ports(api, tel):
    ps = api.create_ps("HQ")
    pg = tel.port_group("sccp", "HQ-1", ps=ps, SkinnyDevicePrefix="test-VI")
    vms = tel.vms_id(1)
    r = api.post("/vmrest/ports", "<Port><MediaPortGroupObjectId>%s</MediaPortGroupObjectId><VmsServerObjectId>%s"
                 "</VmsServerObjectId><HuntOrder>0</HuntOrder><CapAnswer>true</CapAnswer><NumberOfPorts>4"
                 "</NumberOfPorts><CapNotification>false</CapNotification><VmsServerName>x</VmsServerName></Port>"
                 % (pg, vms))
    first = tel.oid(r)
    assert r.headers["Content-Type"] == "text/plain" and r.text == f"/vmrest/ports/{first}"
    ports = tel.items(f"/vmrest/ports?query=(MediaPortGroupObjectId%20is%20{pg})", "Port")
    assert [p["ObjectId"] for p in ports][0] == first
    assert [(p["DisplayName"], p["SkinnyDeviceName"], p["PortNumInGroup"]) for p in ports] == [
        ("HQ-1-001", "test-VI1", "1"), ("HQ-1-002", "test-VI2", "2"), ("HQ-1-003", "test-VI3", "3"),
        ("HQ-1-004", "test-VI4", "4")]
    one = api.get(f"/vmrest/ports/{first}", fmt="json").json()
    assert list(one) == PORT_FIELDS
    expected = {"MediaPortGroupObjectId": pg, "PortGroupURI": f"/vmrest/portgroups/{pg}",
                "TelephonyIntegrationMethodEnum": "1", "SkinnySecurityModeEnum": "0", "SkinnyDoMediaEncryption": "false",
                "VmsServerObjectId": vms, "VmsServerName": "cuc-sub", "HuntOrder": "0", "CapAnswer": "true",
                "CapNotification": "false", "CapMWI": "true", "CapEnabled": "true", "CapTrapConnection": "true",
                "CapDeliverAmis": "false", "MediaSwitchDisplayName": "HQ", "MediaSwitchObjectId": ps,
                "PhoneSystemURI": f"/vmrest/phonesystems/{ps}", "MediaPortGroupDisplayName": "HQ-1",
                "MediaPortGroupEnableMWI": "false", "SipSendPort": "0"}
    assert {k: one[k] for k in expected} == expected
    # numbering continues after the highest port of the group
    tel.ports(pg, 2)
    names = [p["DisplayName"] for p in tel.items("/vmrest/ports?sort=(DisplayName%20desc)&rowsPerPage=2", "Port")]
    assert names == ["HQ-1-006", "HQ-1-005"]
    assert tel.pg(pg)["PortCount"] == "6"
    assert api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()["PortCount"] == "6"
    assert '<Ports total="6"><Port>' in api.get("/vmrest/ports").text


def test_new_ports_are_numbered_after_the_highest_even_after_a_delete(api, tel):
    pg = tel.port_group("sip", "GAP")
    tel.ports(pg, 6)
    ports = tel.items(f"/vmrest/ports?query=(MediaPortGroupObjectId%20is%20{pg})", "Port")
    third = [p["ObjectId"] for p in ports if p["PortNumInGroup"] == "3"][0]
    assert api.delete(f"/vmrest/ports/{third}").status_code == 204
    r = api.post("/vmrest/ports", {"MediaPortGroupObjectId": pg, "NumberOfPorts": "1",
                                   "VmsServerObjectId": tel.vms_id()}, fmt="json")
    assert r.status_code == 400 and "Parameter = [NumberOfPorts]" in r.json()["errors"]["message"]
    tel.ports(pg, 2)
    ports = tel.items(f"/vmrest/ports?query=(MediaPortGroupObjectId%20is%20{pg})", "Port")
    assert [(p["PortNumInGroup"], p["DisplayName"]) for p in ports] == [
        ("1", "GAP-001"), ("2", "GAP-002"), ("4", "GAP-004"), ("5", "GAP-005"), ("6", "GAP-006"),
        ("7", "GAP-007"), ("8", "GAP-008")]


def test_sip_and_pimg_ports(api, tel):
    sip = tel.port_group("sip", "SIP-1")
    tel.ports(sip, 2)
    port = tel.items("/vmrest/ports", "Port")[0]
    assert port["DisplayName"] == "SIP-1-001" and "SkinnyDeviceName" not in port
    r = api.post("/vmrest/ports", {"MediaPortGroupObjectId": sip, "NumberOfPorts": "2"}, fmt="json")
    assert r.status_code == 400 and "Parameter = [VmsServerObjectId]" in r.json()["errors"]["message"]
    pimg = tel.port_group("pimg", "PIMG-1")
    pid = tel.ports(pimg, 2, vms=False)           # no VmsServerObjectId needed
    obj = api.get(f"/vmrest/ports/{pid}", fmt="json").json()
    assert (obj["DisplayName"], obj["VmsServerName"], obj["TelephonyIntegrationMethodEnum"]) == (
        "PIMG-1-001", "cuc-pub", "3")


@pytest.mark.parametrize("fields, param", [
    ({"NumberOfPorts": "3"}, "NumberOfPorts"),
    ({"NumberOfPorts": "1"}, "NumberOfPorts"),
    ({"NumberOfPorts": "0"}, "NumberOfPorts"),
    ({"NumberOfPorts": "two"}, "NumberOfPorts"),
    ({"NumberOfPorts": None}, "NumberOfPorts"),
    ({"MediaPortGroupObjectId": None}, "MediaPortGroupObjectId"),
    ({"MediaPortGroupObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "MediaPortGroupObjectId"),
    ({"VmsServerObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "VmsServerObjectId"),
    ({"SkinnySecurityModeEnum": "3"}, "SkinnySecurityModeEnum"),
    ({"CapEnabled": "yes"}, "CapEnabled"),
])
def test_add_validation(api, tel, fields, param):
    pg = tel.port_group("sccp")
    body = {"MediaPortGroupObjectId": pg, "NumberOfPorts": "2", "VmsServerObjectId": tel.vms_id()}
    for key, value in fields.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    r = api.post("/vmrest/ports", body, fmt="json")
    assert r.status_code == 400 and r.json()["errors"]["code"] == "INVALID_PARAMETER", r.text
    assert f"Parameter = [{param}]" in r.json()["errors"]["message"]
    assert api.get("/vmrest/ports", fmt="json").json() == {"@total": "0"}


def test_license_cap(api, tel, server):
    old = server.backend.license_ports
    server.backend.license_ports = 6
    try:
        a = tel.port_group("sip", "A", ps=api.create_ps("P1"))
        b = tel.port_group("sccp", "B", ps=api.create_ps("P2"))
        tel.ports(a, 4)
        r = api.post("/vmrest/ports", {"MediaPortGroupObjectId": b, "NumberOfPorts": "4",
                                       "VmsServerObjectId": tel.vms_id()}, fmt="json")
        assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
        assert "license" in r.json()["errors"]["message"] and "6" in r.json()["errors"]["message"]
        assert api.get("/vmrest/ports", fmt="json").json()["@total"] == "4"
        tel.ports(b, 2)                              # exactly at the cap
        first = tel.items("/vmrest/ports", "Port")[0]["ObjectId"]
        assert api.delete(f"/vmrest/ports/{first}").status_code == 204
        assert api.post("/vmrest/ports", {"MediaPortGroupObjectId": b, "NumberOfPorts": "2",
                                          "VmsServerObjectId": tel.vms_id()}, fmt="json").status_code == 400
    finally:
        server.backend.license_ports = old


def test_license_from_constructor():
    with EmulatorServer(port=0, tls=False, license_ports=2) as srv:
        assert srv.backend.license_ports == 2


def test_update_and_delete(api, tel):
    pg = tel.port_group("sccp")
    other = tel.port_group("sccp", "Other", ps=api.create_ps("P2"))
    pid = tel.ports(pg, 2)
    url = f"/vmrest/ports/{pid}"
    update = {"CapAnswer": "false", "CapNotification": "false", "CapMWI": "false", "CapTrapConnection": "false",
              "CapEnabled": "false", "CapDeliverAmis": "true", "HuntOrder": "5", "SkinnySecurityModeEnum": "2",
              "VmsServerObjectId": tel.vms_id(1)}
    assert api.put(url, {"Port": update}, fmt="xml").status_code == 204
    obj = api.get(url, fmt="json").json()
    assert {k: obj[k] for k in update} == update
    assert obj["SkinnyDoMediaEncryption"] == "true" and obj["VmsServerName"] == "cuc-sub"
    # read-only fields ignored; the port group is fixed
    assert api.put(url, {"DisplayName": "x", "PortNumInGroup": "9", "SkinnyDeviceName": "y",
                         "MediaPortGroupObjectId": pg.upper()}, fmt="json").status_code == 204
    obj = api.get(url, fmt="json").json()
    assert (obj["DisplayName"], obj["PortNumInGroup"]) == ("PG-sccp-001", "1")
    for body, param in (({"MediaPortGroupObjectId": other}, "MediaPortGroupObjectId"),
                        ({"SkinnySecurityModeEnum": "3"}, "SkinnySecurityModeEnum"),
                        ({"HuntOrder": "-1"}, "HuntOrder"),
                        ({"VmsServerObjectId": ""}, "VmsServerObjectId"),
                        ({"VmsServerObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "VmsServerObjectId")):
        r = api.put(url, body, fmt="json")
        assert r.status_code == 400 and f"Parameter = [{param}]" in r.json()["errors"]["message"], body
    assert api.delete(url).status_code == 204
    assert api.get(url, fmt="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert tel.pg(pg)["PortCount"] == "1"
