"""SIP security profiles and SIP certificates, and their use by port groups."""

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

P5060 = "15a3a4d9-65a0-456a-be38-4a4aff36554c"


def test_default_profiles(api):
    body = api.get("/vmrest/sipsecurityprofiles", fmt="json").json()
    assert body["@total"] == "2"
    assert [(p["Port"], p["DoTLS"], p["DisplayName"]) for p in body["SipSecurityProfile"]] == [
        ("5060", "false", "5060"), ("5061", "true", "5061/TLS")]
    assert body["SipSecurityProfile"][0]["ObjectId"] == P5060
    assert list(body["SipSecurityProfile"][0]) == ["URI", "ObjectId", "Port", "DoTLS", "DisplayName"]
    assert api.get("/vmrest/sipprofiles", fmt="json").json() == body


def test_profile_crud_and_unique_port(api, tel):
    r = api.post("/vmrest/sipsecurityprofiles", "<SipSecurityProfile><Port>5070</Port><DoTLS>true</DoTLS>"
                 "</SipSecurityProfile>")
    pid = tel.oid(r)
    assert r.text == f"/vmrest/sipsecurityprofiles/{pid}"
    xml = api.get(r.text).text
    assert f"<ObjectId>{pid}</ObjectId><Port>5070</Port><DoTLS>true</DoTLS><DisplayName>5070/TLS</DisplayName>" in xml
    for body in ({"Port": "5070", "DoTLS": "false"}, {"Port": "5060", "DoTLS": "true"}):
        r = api.post("/vmrest/sipsecurityprofiles", body, fmt="json")
        assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
        assert "Port" in r.json()["errors"]["message"]
    assert api.put(f"/vmrest/sipsecurityprofiles/{pid}", {"Port": "5061"}, fmt="json").status_code == 400
    assert api.put(f"/vmrest/sipsecurityprofiles/{pid}", {"Port": "5077", "DoTLS": "false",
                                                          "DisplayName": "ignored"}, fmt="json").status_code == 204
    assert api.get(f"/vmrest/sipsecurityprofiles/{pid}", fmt="json").json()["DisplayName"] == "5077"
    for body in ({}, {"Port": "80"}, {"Port": "65536"}, {"Port": "5080", "DoTLS": "maybe"}):
        r = api.post("/vmrest/sipsecurityprofiles", body, fmt="json")
        assert r.status_code == 400 and r.json()["errors"]["code"] == "INVALID_PARAMETER", body
    assert api.delete(f"/vmrest/sipsecurityprofiles/{pid}").status_code == 204


def test_profile_in_use_cannot_be_deleted(api, tel):
    tls = tel.items("/vmrest/sipsecurityprofiles?query=(DoTLS%20is%201)", "SipSecurityProfile")[0]["ObjectId"]
    pg = tel.port_group("sip", "HQ-SIP", MediaSipSecurityProfileObjectId=tls)
    assert tel.pg(pg)["MediaSipSecurityProfileObjectId"] == tls
    r = api.delete(f"/vmrest/sipsecurityprofiles/{tls}", fmt="json")
    assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
    assert "HQ-SIP" in r.json()["errors"]["message"]
    assert api.put(f"/vmrest/portgroups/{pg}", {"MediaSipSecurityProfileObjectId": P5060}, fmt="json").status_code == 204
    assert api.delete(f"/vmrest/sipsecurityprofiles/{tls}").status_code == 204
    r = api.put(f"/vmrest/portgroups/{pg}", {"MediaSipSecurityProfileObjectId": ""}, fmt="json")
    assert r.status_code == 400 and "Parameter = [MediaSipSecurityProfileObjectId]" in r.json()["errors"]["message"]


def test_certificate_create_get_list(api, tel):
    r = api.post("/vmrest/sipcertificates", {"DisplayName": "cuc-sip", "SubjectName": "cuc.example.com"}, fmt="json")
    cid = tel.oid(r)
    assert r.text == f"/vmrest/sipcertificates/{cid}"
    obj = api.get(r.text, fmt="json").json()
    assert list(obj) == ["URI", "ObjectId", "Certificate", "PrivateKey", "SubjectName", "DisplayName"]
    assert (obj["SubjectName"], obj["DisplayName"]) == ("cuc.example.com", "cuc-sip")
    cert = x509.load_pem_x509_certificate(obj["Certificate"].encode())
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "cuc.example.com"
    assert cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.startswith("CiscoUnity-")
    key = serialization.load_pem_private_key(obj["PrivateKey"].encode(), password=None)
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()
    # the list carries the certificate and the key too (XML and JSON)
    listed = api.get("/vmrest/sipcertificates", fmt="json").json()
    assert listed["@total"] == "1" and listed["SipCertificate"]["PrivateKey"] == obj["PrivateKey"]
    xml = api.get("/vmrest/sipcertificates").text
    assert '<SipCertificates total="1"><SipCertificate>' in xml and "-----BEGIN CERTIFICATE-----" in xml
    assert api.get(f"/vmrest/sipcertificate/{cid}", fmt="json").json() == obj
    # PUT: a new subject re-issues the certificate for the same key; Certificate/PrivateKey are read-only
    assert api.put(r.text, {"SipCertificate": {"SubjectName": "test2", "DisplayName": "test2",
                                               "PrivateKey": "x"}}, fmt="xml").status_code == 204
    new = api.get(r.text, fmt="json").json()
    assert (new["SubjectName"], new["DisplayName"], new["PrivateKey"]) == ("test2", "test2", obj["PrivateKey"])
    assert new["Certificate"] != obj["Certificate"]
    assert x509.load_pem_x509_certificate(new["Certificate"].encode()).subject.get_attributes_for_oid(
        NameOID.COMMON_NAME)[0].value == "test2"


def test_certificate_validation_and_in_use(api, tel):
    for body, param in (({"SubjectName": "a"}, "DisplayName"), ({"DisplayName": "a"}, "SubjectName"),
                        ({"DisplayName": "a", "SubjectName": "s" * 65}, "SubjectName")):
        r = api.post("/vmrest/sipcertificates", body, fmt="json")
        assert r.status_code == 400 and f"Parameter = [{param}]" in r.json()["errors"]["message"]
    cid = tel.oid(api.post("/vmrest/sipcertificates", {"DisplayName": "c1", "SubjectName": "c1"}, fmt="json"))
    r = api.post("/vmrest/sipcertificates", {"DisplayName": "C1", "SubjectName": "x"}, fmt="json")
    assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
    pg = tel.port_group("sip", "HQ-SIP")
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.put(f"/vmrest/portgroups/{pg}", {"MediaCertificateObjectId": bogus}, fmt="json")
    assert r.status_code == 400 and "Parameter = [MediaCertificateObjectId]" in r.json()["errors"]["message"]
    assert api.put(f"/vmrest/portgroups/{pg}", {"MediaCertificateObjectId": cid.upper()}, fmt="json").status_code == 204
    assert tel.pg(pg)["MediaCertificateObjectId"] == cid
    r = api.delete(f"/vmrest/sipcertificates/{cid}")
    assert r.status_code == 400 and "<code>DATA_EXCEPTION</code>" in r.text and "HQ-SIP" in r.text
    assert api.put(f"/vmrest/portgroups/{pg}", {"MediaCertificateObjectId": ""}, fmt="json").status_code == 204
    assert "MediaCertificateObjectId" not in tel.pg(pg)
    assert api.delete(f"/vmrest/sipcertificates/{cid}").status_code == 204
    assert api.get(f"/vmrest/sipcertificates/{cid}").status_code == 404
