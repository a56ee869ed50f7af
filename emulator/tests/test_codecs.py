"""RTP codec definitions and the codecs a port group advertises."""

import pytest
from conftest import G711A, G711U, G722, G729, ILBC

CODECS = [(G711U, "G.711 mu-law"), (G711A, "G.711 a-law"), (G722, "G.722"), (G729, "G.729"), (ILBC, "iLBC")]


@pytest.mark.parametrize("path", ["rtpcodecdefs", "rtpcodecsdefs"])
def test_codec_definitions(api, path):
    body = api.get(f"/vmrest/{path}", fmt="json").json()
    assert body["@total"] == "5"
    assert [(c["ObjectId"], c["DisplayName"]) for c in body["RtpCodecDef"]] == CODECS
    assert body["RtpCodecDef"][0] == {"URI": f"/vmrest/rtpcodecdefs/{G711U}", "ObjectId": G711U,
                                      "DisplayName": "G.711 mu-law"}
    xml = api.get(f"/vmrest/{path}/{G729}").text
    assert f"<RtpCodecDef><URI>/vmrest/rtpcodecdefs/{G729}</URI><ObjectId>{G729}</ObjectId>" in xml
    assert '<RtpCodecDefs total="5">' in api.get(f"/vmrest/{path}").text
    assert api.post(f"/vmrest/{path}", {"DisplayName": "x"}, fmt="json").status_code == 405


def test_add_list_delete(api, tel):
    pg = tel.port_group("sip")
    base = f"/vmrest/portgroups/{pg}/portgroupcodecs"
    r = api.post(base, f"<PortGroupCodec><MediaPortGroupObjectId>{pg}</MediaPortGroupObjectId>"
                       "<PreferredPacketSizeMs>30</PreferredPacketSizeMs>"
                       f"<RtpCodecDefObjectId>{ILBC}</RtpCodecDefObjectId></PortGroupCodec>")
    cid = tel.oid(r)
    assert r.text == f"{base}/{cid}"
    obj = api.get(r.text, fmt="json").json()
    assert obj == {"URI": f"{base}/{cid}", "ObjectId": cid, "MediaPortGroupObjectId": pg,
                   "RtpCodecDefObjectId": ILBC, "PreferredPacketSizeMs": "30", "Preference": "2"}
    g722 = tel.oid(api.post(base, {"MediaPortGroupObjectId": pg, "RtpCodecDefObjectId": G722,
                                   "PreferredPacketSizeMs": "10", "Preference": "0"}, fmt="json"))
    assert api.get(f"{base}/{g722}", fmt="json").json()["Preference"] == "0"
    assert api.get(f"{base}?query=(RtpCodecDefObjectId%20is%20{G722})", fmt="json").json()["@total"] == "1"
    assert api.get(base, fmt="json").json()["@total"] == "4"
    # no update: 405 with Allow
    r = api.put(f"{base}/{cid}", {"PreferredPacketSizeMs": "20"}, fmt="json")
    assert r.status_code == 405 and r.json()["errors"]["code"] == "METHOD_NOT_ALLOWED"
    assert "PUT" not in r.headers["Allow"] and "DELETE" in r.headers["Allow"]
    assert api.delete(f"{base}/{cid}").status_code == 204
    assert api.get(f"{base}/{cid}").status_code == 404
    # delete and add again is how the packet size changes
    tel.oid(api.post(base, {"MediaPortGroupObjectId": pg, "RtpCodecDefObjectId": ILBC, "PreferredPacketSizeMs": "20"},
                     fmt="json"))


@pytest.mark.parametrize("body, param", [
    ({"RtpCodecDefObjectId": G722, "PreferredPacketSizeMs": "40"}, "PreferredPacketSizeMs"),
    ({"RtpCodecDefObjectId": G722, "PreferredPacketSizeMs": "15"}, "PreferredPacketSizeMs"),
    ({"RtpCodecDefObjectId": G722, "Preference": "-1"}, "Preference"),
    ({"PreferredPacketSizeMs": "20"}, "RtpCodecDefObjectId"),
    ({"RtpCodecDefObjectId": "0b5a7b4e-1111-4222-8333-444455556666"}, "RtpCodecDefObjectId"),
])
def test_validation(api, tel, body, param):
    pg = tel.port_group("sccp")
    r = api.post(f"/vmrest/portgroups/{pg}/portgroupcodecs", {"MediaPortGroupObjectId": pg, **body}, fmt="json")
    assert r.status_code == 400 and r.json()["errors"]["code"] == "INVALID_PARAMETER"
    assert f"Parameter = [{param}]" in r.json()["errors"]["message"]


def test_codec_twice_refused(api, tel):
    pg = tel.port_group("sip", "HQ-SIP")
    r = api.post(f"/vmrest/portgroups/{pg}/portgroupcodecs",
                 {"MediaPortGroupObjectId": pg.upper(), "RtpCodecDefObjectId": G729.upper()}, fmt="xml")
    assert r.status_code == 400
    assert "<code>DATA_EXCEPTION</code>" in r.text and "G.729 is already advertised by port group HQ-SIP" in r.text
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    r = api.post(f"/vmrest/portgroups/{bogus}/portgroupcodecs",
                 {"MediaPortGroupObjectId": bogus, "RtpCodecDefObjectId": G722}, fmt="json")
    assert r.status_code == 404 and r.json()["errors"]["message"] == f"PortGroup - ObjectId={bogus}"
