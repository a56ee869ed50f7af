"""Real-server variations (off by default): --no-sip-certificate-post, --hide-codec-preference,
--max-rows-per-page, --create-uri-of-parent; as EmulatorServer arguments, CLI flags and /__emulator__/config keys."""

import pytest
import requests
from conftest import G722, ILBC, Api, Telephony

from cupi_emulator import EmulatorServer
from cupi_emulator.cli import build_parser


def _config(server, method="GET", **kw):
    with requests.Session() as s:
        s.trust_env = False
        return s.request(method, f"{server.url}/__emulator__/config", verify=server.ca_path, timeout=10, **kw)


def test_defaults_and_config_keys(server):
    cfg = _config(server).json()
    assert (cfg["no_sip_certificate_post"], cfg["hide_codec_preference"], cfg["max_rows_per_page"]) == (False, False, 0)
    for bad in ({"no_sip_certificate_post": 1}, {"hide_codec_preference": "true"}, {"max_rows_per_page": -1},
                {"max_rows_per_page": True}, {"max_rows_per_page": 1.5}):
        r = _config(server, "POST", json=bad)
        assert r.status_code == 400, bad
    assert _config(server).json() == cfg
    args = build_parser().parse_args([])
    assert (args.no_sip_certificate_post, args.hide_codec_preference, args.max_rows_per_page) == (False, False, 0)
    args = build_parser().parse_args(["--no-sip-certificate-post", "--hide-codec-preference",
                                      "--max-rows-per-page", "50"])
    assert (args.no_sip_certificate_post, args.hide_codec_preference, args.max_rows_per_page) == (True, True, 50)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--max-rows-per-page", "-1"])


def test_no_sip_certificate_post():
    with EmulatorServer(port=0, no_sip_certificate_post=True) as srv:
        api = Api(srv)
        assert _config(srv).json()["no_sip_certificate_post"] is True
        for path in ("/vmrest/sipcertificates", "/vmrest/sipcertificate"):
            r = api.post(path, {"DisplayName": "c", "SubjectName": "c"}, fmt="json")
            assert r.status_code == 405, r.text
            assert r.json()["errors"]["code"] == "METHOD_NOT_ALLOWED"
            assert "POST" not in r.headers["Allow"] and "GET" in r.headers["Allow"]
            r = api.post(path, "<SipCertificate/>", fmt="xml")
            assert r.status_code == 405 and "<code>METHOD_NOT_ALLOWED</code>" in r.text
        assert api.get("/vmrest/sipcertificates", fmt="json").json() == {"@total": "0"}
        # the documented operations stay; switched off at runtime, POST works again
        assert _config(srv, "POST", json={"no_sip_certificate_post": False}).json()["no_sip_certificate_post"] is False
        r = api.post("/vmrest/sipcertificates", {"DisplayName": "c", "SubjectName": "c"}, fmt="json")
        assert r.status_code == 201
        assert api.put(r.text, {"SubjectName": "c2"}, fmt="json").status_code == 204
        _config(srv, "POST", json={"no_sip_certificate_post": True})
        assert api.get(r.text, fmt="json").json()["SubjectName"] == "c2"
        assert api.put(r.text, {"SubjectName": "c3"}, fmt="json").status_code == 204
        assert api.delete(r.text).status_code == 204


def test_hide_codec_preference():
    with EmulatorServer(port=0, hide_codec_preference=True) as srv:
        api, tel = Api(srv), Telephony(Api(srv))
        pg = tel.port_group("sip")
        base = f"/vmrest/portgroups/{pg}/portgroupcodecs"
        codecs = tel.items(base, "PortGroupCodec")
        assert len(codecs) == 2 and not any("Preference" in c for c in codecs)
        assert list(codecs[0]) == ["URI", "ObjectId", "MediaPortGroupObjectId", "RtpCodecDefObjectId",
                                   "PreferredPacketSizeMs"]
        # a Preference in the body is ignored (not validated either); the order is creation order
        first = tel.oid(api.post(base, {"MediaPortGroupObjectId": pg, "RtpCodecDefObjectId": ILBC,
                                        "Preference": "0"}, fmt="json"))
        tel.oid(api.post(base, {"MediaPortGroupObjectId": pg, "RtpCodecDefObjectId": G722,
                                "Preference": "-5"}, fmt="json"))
        codecs = tel.items(base, "PortGroupCodec")
        assert [c["RtpCodecDefObjectId"] for c in codecs][2:] == [ILBC, G722]
        assert "<Preference" not in api.get(f"{base}/{first}").text
        assert not any("Preference" in c for c in codecs)
        # switched off at runtime: rendered again
        assert _config(srv, "POST", json={"hide_codec_preference": False}).json()["hide_codec_preference"] is False
        assert [c["Preference"] for c in tel.items(base, "PortGroupCodec")][:2] == ["0", "1"]


def test_max_rows_per_page():
    with EmulatorServer(port=0, max_rows_per_page=2) as srv:
        api = Api(srv)
        names = [api.create_ps(f"PS-{i}") and f"PS-{i}" for i in range(5)]

        def page(query=""):
            body = api.get("/vmrest/phonesystems" + query, fmt="json").json()
            rows = body.get("PhoneSystem", [])
            rows = [rows] if isinstance(rows, dict) else rows
            return body["@total"], [r["DisplayName"] for r in rows]

        assert _config(srv).json()["max_rows_per_page"] == 2
        assert page() == ("5", names[:2])                                  # no paging parameters
        assert page("?rowsPerPage=100") == ("5", names[:2])
        assert page("?rowsPerPage=3&pageNumber=2") == ("5", names[2:4])     # pages of 2 rows
        assert page("?rowsPerPage=3&pageNumber=3") == ("5", names[4:])
        assert page("?rowsPerPage=1&pageNumber=2") == ("5", names[1:2])     # smaller pages unchanged
        assert page("?rowsPerPage=0") == ("5", [])
        assert page("?query=(DisplayName%20startswith%20PS-)&sort=(DisplayName%20desc)") == \
            ("5", ["PS-4", "PS-3"])
        assert '<PhoneSystems total="5">' in api.get("/vmrest/phonesystems").text
        assert _config(srv, "POST", json={"max_rows_per_page": 0}).json()["max_rows_per_page"] == 0
        assert page() == ("5", names)


def test_create_uri_of_parent(server):
    """Port Group Server Settings, "Adding a TFTP Server to Existing Port Group with SIP Phone
    Integration": the server create's response is the port group's URI."""
    assert _config(server).json()["create_uri_of_parent"] is False
    assert build_parser().parse_args(["--create-uri-of-parent"]).create_uri_of_parent is True
    assert build_parser().parse_args([]).create_uri_of_parent is False
    with EmulatorServer(port=0, create_uri_of_parent=True) as srv:
        api, tel = Api(srv), Telephony(Api(srv))
        assert _config(srv).json()["create_uri_of_parent"] is True
        pg = tel.port_group("sip")
        base = f"/vmrest/portgroups/{pg}/portgroupservers"
        r = api.post(base, {"MediaPortGroupObjectId": pg, "MediaRemoteServiceEnum": "102",
                            "HostOrIPAddress": "10.9.9.9", "Precedence": "5"}, fmt="json")
        assert (r.status_code, r.text) == (201, f"/vmrest/portgroups/{pg}")
        rows = api.get(base, fmt="json").json()["PortGroupServer"]
        assert [s["HostOrIPAddress"] for s in rows][-1] == "10.9.9.9"
        # other creates answer their own URI
        assert api.post("/vmrest/phonesystems", {"DisplayName": "X"}, fmt="json").text.startswith("/vmrest/phonesystems/")
        srv.backend.create_uri_of_parent = False
        r = api.post(base, {"MediaPortGroupObjectId": pg, "MediaRemoteServiceEnum": "102",
                            "HostOrIPAddress": "10.9.9.8", "Precedence": "6"}, fmt="json")
        assert r.text.startswith(base + "/")
