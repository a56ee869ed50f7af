"""Strict by default (README "Strict by default"): the fields the reference calls mandatory or
that every example sends, the ids that must name the URL's object, IsPinSyncEnabled on the
primary AXL server only; and each --lenient NAME bringing back the lenient behaviour."""

import xml.etree.ElementTree as ET

import pytest
import requests
from conftest import G722, TEMPLATE_IDS

BOGUS = "0b5a7b4e-1111-4222-8333-444455556666"


def invalid(r, param):
    """A 400 INVALID_PARAMETER naming ``param``; returns the message."""
    assert r.status_code == 400, r.text
    if r.headers["Content-Type"].startswith("application/xml"):
        tree = ET.fromstring(r.content)
        err = {"code": tree.findtext("errors/code"), "message": tree.findtext("errors/message")}
    else:
        err = r.json()["errors"]
    assert err["code"] == "INVALID_PARAMETER", err
    assert err["message"].startswith(f"Invalid parameter. Parameter = [{param}], Value = ["), err
    return err["message"]


@pytest.fixture()
def lenient(server):
    """Set leniencies on the shared server through the config endpoint; restored afterwards."""
    def admin_post(names):
        with requests.Session() as s:
            s.trust_env = False
            r = s.post(f"{server.url}/__emulator__/config", json={"lenient": names}, verify=server.ca_path,
                       timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["lenient"]
    yield admin_post
    server.backend.lenient = frozenset()


# ---- 1. port group servers: MediaPortGroupObjectId (Port Group Server Settings, "Adding a SIP
# Proxy Server to Existing Port Group with SIP Phone Integration")

def test_server_post_needs_the_url_port_group(api, tel):
    pg = tel.port_group("sip")
    other = tel.port_group("sip", "Other", host="10.1.1.2")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    body = {"MediaRemoteServiceEnum": "102", "HostOrIPAddress": "12.12.12.12"}
    msg = invalid(api.post(base, body, fmt="json"), "MediaPortGroupObjectId")
    assert "required" in msg
    invalid(api.post(base, dict(body, MediaPortGroupObjectId=""), fmt="json"), "MediaPortGroupObjectId")
    msg = invalid(api.post(base, dict(body, MediaPortGroupObjectId=other), fmt="json"), "MediaPortGroupObjectId")
    assert other in msg and pg in msg
    invalid(api.post(base, dict(body, MediaPortGroupObjectId=BOGUS), fmt="xml"), "MediaPortGroupObjectId")
    assert len(tel.items(base, "PortGroupServer")) == 1            # nothing added
    r = api.post(base, dict(body, MediaPortGroupObjectId=pg.upper()), fmt="xml")
    sid = tel.oid(r)
    assert api.get(f"{base}/{sid}", fmt="json").json()["MediaPortGroupObjectId"] == pg   # still rendered
    # PUT: not required; when sent, the URL's group
    assert api.put(f"{base}/{sid}", {"Port": "5070"}, fmt="json").status_code == 204
    assert api.put(f"{base}/{sid}", {"MediaPortGroupObjectId": pg, "Port": "5071"}, fmt="json").status_code == 204
    invalid(api.put(f"{base}/{sid}", {"MediaPortGroupObjectId": other, "Port": "5072"}, fmt="json"),
            "MediaPortGroupObjectId")
    assert api.get(f"{base}/{sid}", fmt="json").json()["Port"] == "5071"


def test_pimg_server_refusal_comes_first(api, tel):
    """Port Group Server Settings, introduction: not supported for PIMG; a clear
    400 whatever the body holds."""
    pg = tel.port_group("pimg")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    sid = tel.items(base, "PortGroupServer")[0]["ObjectId"]
    for r in (api.post(base, {}, fmt="json"),
              api.post(base, {"MediaRemoteServiceEnum": "104", "MediaPortGroupObjectId": pg}, fmt="json"),
              api.put(f"{base}/{sid}", {"MediaPortGroupObjectId": BOGUS, "Port": "x"}, fmt="json")):
        assert r.status_code == 400
        err = r.json()["errors"]
        assert err["code"] == "DATA_EXCEPTION" and "for PIMG is not supported" in err["message"], err


def test_lenient_server_port_group_id(api, tel, lenient):
    pg = tel.port_group("sip")
    other = tel.port_group("sip", "Other", host="10.1.1.2")
    base = f"/vmrest/portgroups/{pg}/portgroupservers"
    assert lenient(["server-port-group-id"]) == ["server-port-group-id"]
    sid = tel.oid(api.post(base, {"MediaRemoteServiceEnum": "101"}, fmt="json"))
    assert api.get(f"{base}/{sid}", fmt="json").json()["MediaPortGroupObjectId"] == pg
    # another group's id is refused with the leniency too
    invalid(api.post(base, {"MediaRemoteServiceEnum": "101", "MediaPortGroupObjectId": other}, fmt="json"),
            "MediaPortGroupObjectId")


# ---- 2. port group codecs: MediaPortGroupObjectId (Port Groups, "Addings Codecs to the existing
# Port Group")

def test_codec_post_needs_the_url_port_group(api, tel, lenient):
    pg = tel.port_group("sip")
    other = tel.port_group("sip", "Other", host="10.1.1.2")
    base = f"/vmrest/portgroups/{pg}/portgroupcodecs"
    invalid(api.post(base, {"RtpCodecDefObjectId": G722}, fmt="json"), "MediaPortGroupObjectId")
    invalid(api.post(base, {"RtpCodecDefObjectId": G722, "MediaPortGroupObjectId": other}, fmt="json"),
            "MediaPortGroupObjectId")
    cid = tel.oid(api.post(base, {"MediaPortGroupObjectId": pg, "PreferredPacketSizeMs": "20",
                                  "RtpCodecDefObjectId": G722}, fmt="xml"))
    assert api.get(f"{base}/{cid}", fmt="json").json()["MediaPortGroupObjectId"] == pg
    assert api.delete(f"{base}/{cid}").status_code == 204
    lenient(["codec-port-group-id"])
    cid = tel.oid(api.post(base, {"RtpCodecDefObjectId": G722}, fmt="json"))
    assert api.get(f"{base}/{cid}", fmt="json").json()["MediaPortGroupObjectId"] == pg


# ---- 3. AXL servers: MediaSwitchObjectId, MediaRemoteServiceEnum (Telephony Integrations, "Adding
# New AXL Server" and "Modifying AXL Server"; Phone Systems, "Adding New AXL Server" and "Modifying
# AXL Server")

def test_axl_post_needs_phone_system_and_service(api):
    ps, other = api.create_ps("HQ"), api.create_ps("Other")
    base = f"/vmrest/phonesystems/{ps}/axlservers"
    full = {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": "103", "HostOrIPAddress": "10.105.255.1"}
    for missing in ("MediaSwitchObjectId", "MediaRemoteServiceEnum"):
        body = {k: v for k, v in full.items() if k != missing}
        assert "required" in invalid(api.post(base, body, fmt="json"), missing)
    invalid(api.post(base, dict(full, MediaSwitchObjectId=other), fmt="json"), "MediaSwitchObjectId")
    invalid(api.post(base, dict(full, MediaSwitchObjectId=BOGUS), fmt="xml"), "MediaSwitchObjectId")
    for service in ("100", "104", "x", ""):
        invalid(api.post(base, dict(full, MediaRemoteServiceEnum=service), fmt="json"), "MediaRemoteServiceEnum")
    assert api.get(base, fmt="json").json() == {"@total": "0"}
    axl = api.request("POST", base, body=dict(full, MediaSwitchObjectId=ps.upper()), fmt="json")
    assert axl.status_code == 201, axl.text
    url = axl.text
    # PUT: MediaSwitchObjectId not required; when sent, the URL's phone system (Telephony
    # Integrations, "Modifying AXL Server")
    assert api.put(url, {"CcmAXLUser": "CiscoCCM"}, fmt="json").status_code == 204
    assert api.put(url, {"MediaSwitchObjectId": ps, "CcmAXLUser": "a"}, fmt="xml").status_code == 204
    invalid(api.put(url, {"MediaSwitchObjectId": other, "CcmAXLUser": "b"}, fmt="json"), "MediaSwitchObjectId")
    invalid(api.put(url, {"MediaSwitchObjectId": "", "CcmAXLUser": "b"}, fmt="json"), "MediaSwitchObjectId")
    invalid(api.put(url, {"MediaRemoteServiceEnum": "100"}, fmt="json"), "MediaRemoteServiceEnum")
    assert api.get(url, fmt="json").json()["CcmAXLUser"] == "a"


def test_lenient_axl_phone_system_id(api, lenient):
    ps, other = api.create_ps("HQ"), api.create_ps("Other")
    base = f"/vmrest/phonesystems/{ps}/axlservers"
    lenient("axl-phone-system-id")
    r = api.post(base, {"HostOrIPAddress": "10.1.1.10"}, fmt="json")
    obj = api.get(r.text, fmt="json").json()
    assert (obj["MediaSwitchObjectId"], obj["MediaRemoteServiceEnum"]) == (ps, "103")
    invalid(api.post(base, {"HostOrIPAddress": "a", "MediaSwitchObjectId": other}, fmt="json"), "MediaSwitchObjectId")
    invalid(api.post(base, {"HostOrIPAddress": "a", "MediaRemoteServiceEnum": "100"}, fmt="json"),
            "MediaRemoteServiceEnum")


# ---- 4. SkinnyDevicePrefix: SCCP only, required there (Port Groups, "Creating SCCP Port Group") ----------------------

def _pg_body(ps, kind, **fields):
    tim = {"sccp": "1", "sip": "2", "pimg": "3"}[kind]
    return {"MediaSwitchObjectId": ps, "MediaPortGroupTemplateObjectId": TEMPLATE_IDS[kind],
            "TelephonyIntegrationMethodEnum": tim, "DisplayName": f"PG-{kind}", "HostOrIPAddress": "10.1.1.1",
            **fields}


def test_sccp_device_prefix_required(api, tel, lenient):
    ps = api.create_ps("HQ")
    msg = invalid(api.post("/vmrest/portgroups", _pg_body(ps, "sccp"), fmt="json"), "SkinnyDevicePrefix")
    assert "required for SCCP" in msg
    invalid(api.post("/vmrest/portgroups", _pg_body(ps, "sccp", SkinnyDevicePrefix=""), fmt="json"),
            "SkinnyDevicePrefix")
    for kind in ("sip", "pimg"):
        msg = invalid(api.post("/vmrest/portgroups", _pg_body(ps, kind, SkinnyDevicePrefix="X-VI"), fmt="json"),
                      "SkinnyDevicePrefix")
        assert "Not applicable" in msg
    assert api.get("/vmrest/portgroups", fmt="json").json() == {"@total": "0"}
    pg = tel.oid(api.post("/vmrest/portgroups", _pg_body(ps, "sccp", SkinnyDevicePrefix="Test1-VI"), fmt="xml"))
    assert tel.pg(pg)["SkinnyDevicePrefix"] == "Test1-VI"
    lenient(["sccp-device-prefix-default"])
    pg = tel.oid(api.post("/vmrest/portgroups", _pg_body(ps, "sccp", DisplayName="Default"), fmt="json"))
    assert tel.pg(pg)["SkinnyDevicePrefix"] == "CiscoUM1-VI"
    port = api.get(f"/vmrest/ports/{tel.ports(pg, 2)}", fmt="json").json()
    assert port["SkinnyDeviceName"] == "CiscoUM1-VI1"
    # SIP and PIMG still refuse it
    invalid(api.post("/vmrest/portgroups", _pg_body(ps, "sip", SkinnyDevicePrefix="X-VI"), fmt="json"),
            "SkinnyDevicePrefix")


# ---- TelephonyIntegrationMethodEnum (Port Groups, "Creating SCCP Port Group", "Creating SIP Port
# Group", "Adding SCCP Port Group" and "Adding SIP Port Groups")

def test_port_group_integration_required(api, tel, lenient):
    ps = api.create_ps("HQ")
    body = _pg_body(ps, "sip")
    del body["TelephonyIntegrationMethodEnum"]
    assert "required" in invalid(api.post("/vmrest/portgroups", body, fmt="json"), "TelephonyIntegrationMethodEnum")
    invalid(api.post("/vmrest/portgroups", dict(body, TelephonyIntegrationMethodEnum="1"), fmt="json"),
            "TelephonyIntegrationMethodEnum")
    lenient(["port-group-integration-default"])
    pg = tel.oid(api.post("/vmrest/portgroups", body, fmt="json"))
    assert tel.pg(pg)["TelephonyIntegrationMethodEnum"] == "2"


def test_port_group_url_phone_system_and_body(api, tel):
    """POST /vmrest/portgroups/<phone system id> (Port Groups, "Adding SCCP Port Group" to
    "Adding PIMGTIMG Port Groups"): the body may leave
    MediaSwitchObjectId out (the URL names it); another phone system's id is refused."""
    ps, other = api.create_ps("HQ"), api.create_ps("Other")
    body = _pg_body(ps, "pimg")
    invalid(api.post(f"/vmrest/portgroups/{ps}", dict(body, MediaSwitchObjectId=other), fmt="json"),
            "MediaSwitchObjectId")
    pg = tel.oid(api.post(f"/vmrest/portgroups/{ps}", dict(body, MediaSwitchObjectId=ps.upper()), fmt="json"))
    assert tel.pg(pg)["MediaSwitchObjectId"] == ps
    del body["MediaSwitchObjectId"]
    pg = tel.oid(api.post(f"/vmrest/portgroups/{other}", dict(body, DisplayName="P2"), fmt="xml"))
    assert tel.pg(pg)["MediaSwitchObjectId"] == other


# ---- 5. IsPinSyncEnabled: primary AXL server only (Telephony Integrations, "AXL Servers"; Phone
# Systems, "AXL Servers")

def _axl(api, ps, host, **fields):
    return api.post(f"/vmrest/phonesystems/{ps}/axlservers",
                    {"MediaSwitchObjectId": ps, "MediaRemoteServiceEnum": "103", "HostOrIPAddress": host, **fields},
                    fmt="json")


def test_pin_sync_on_the_primary_only(api, lenient):
    ps = api.create_ps("HQ")
    base = f"/vmrest/phonesystems/{ps}/axlservers"
    first = _axl(api, ps, "cucm1", Precedence="1", IsPinSyncEnabled="true")
    assert first.status_code == 201, first.text                      # the only one: primary
    # higher precedence, or the same one created later: not the primary
    for prec in ("2", "1"):
        msg = invalid(_axl(api, ps, "cucm2", Precedence=prec, IsPinSyncEnabled="true"), "IsPinSyncEnabled")
        assert "primary AXL server only" in msg and "cucm1" in msg
    second = _axl(api, ps, "cucm2", Precedence="1", IsPinSyncEnabled="false")   # false: always
    assert second.status_code == 201
    assert api.put(second.text, {"IsPinSyncEnabled": "false"}, fmt="json").status_code == 204
    msg = invalid(api.put(second.text, {"IsPinSyncEnabled": "true"}, fmt="json"), "IsPinSyncEnabled")
    assert "primary AXL server only" in msg
    # with a lower precedence in the same PUT it would be the primary, but cucm1 would keep
    # pin sync without being the primary: refused until cucm1 gives it up
    msg = invalid(api.put(second.text, {"IsPinSyncEnabled": "1", "Precedence": "0"}, fmt="xml"), "IsPinSyncEnabled")
    assert "not cucm1 (" in msg
    # moving the first server further down is refused while it is true
    invalid(api.put(first.text, {"Precedence": "5"}, fmt="json"), "IsPinSyncEnabled")
    assert api.put(first.text, {"IsPinSyncEnabled": "false", "Precedence": "5"}, fmt="json").status_code == 204
    assert api.put(second.text, {"IsPinSyncEnabled": "1", "Precedence": "0"}, fmt="xml").status_code == 204
    # a new server with a lower precedence than all is the primary
    assert _axl(api, ps, "cucm0", Precedence="0", IsPinSyncEnabled="true").status_code == 400   # tie: created later
    third = _axl(api, ps, "cucm-1", Precedence="0")
    assert third.status_code == 201
    # another phone system has its own primary
    other = api.create_ps("Other")
    assert _axl(api, other, "x", Precedence="9999", IsPinSyncEnabled="true").status_code == 201
    assert api.get(base, fmt="json").json()["@total"] == "3"
    lenient(["pin-sync-any-server"])
    assert _axl(api, ps, "cucm9", Precedence="9", IsPinSyncEnabled="true").status_code == 201
    assert api.put(third.text, {"IsPinSyncEnabled": "true", "Precedence": "9"}, fmt="json").status_code == 204


def test_pin_sync_on_the_primary_after_every_request(api, lenient):
    """Strictly after every request: no server but the primary has IsPinSyncEnabled true,
    whichever server the request writes (Telephony Integrations, "AXL Servers"; Phone Systems,
    "AXL Servers")."""
    ps = api.create_ps("HQ")
    base = f"/vmrest/phonesystems/{ps}/axlservers"

    def hosts():
        body = api.get(base, fmt="json").json()
        items = body.get("AXLServer", [])
        items = items if isinstance(items, list) else [items]
        return [(s["HostOrIPAddress"], s["Precedence"], s["IsPinSyncEnabled"]) for s in items]

    a = _axl(api, ps, "a", Precedence="1", IsPinSyncEnabled="true")
    assert a.status_code == 201
    # a new server that would outrank the holder of pin sync: refused, naming the holder
    msg = invalid(_axl(api, ps, "b", Precedence="0"), "IsPinSyncEnabled")
    assert "primary AXL server only" in msg and "would be b (Precedence 0" in msg and "not a (" in msg
    assert hosts() == [("a", "1", "true")]
    b = _axl(api, ps, "b", Precedence="2")
    assert b.status_code == 201
    # another server's precedence below the holder's: refused; a tie is won by the older one
    msg = invalid(api.put(b.text, {"Precedence": "0"}, fmt="xml"), "IsPinSyncEnabled")
    assert "not a (" in msg
    assert api.put(b.text, {"Precedence": "1"}, fmt="json").status_code == 204
    # demote first, then promote: every request keeps the rule
    assert api.put(a.text, {"IsPinSyncEnabled": "false", "Precedence": "2"}, fmt="json").status_code == 204
    assert api.put(b.text, {"IsPinSyncEnabled": "true", "Precedence": "0"}, fmt="json").status_code == 204
    assert hosts() == [("a", "2", "false"), ("b", "0", "true")]
    # deleting the primary b would make c the primary while a (given pin sync under the
    # leniency) keeps it: refused
    lenient(["pin-sync-any-server"])
    assert api.put(a.text, {"IsPinSyncEnabled": "true"}, fmt="json").status_code == 204
    c = _axl(api, ps, "c", Precedence="1")
    lenient([])
    msg = invalid(api.delete(b.text), "IsPinSyncEnabled")
    assert "would be c (Precedence 1" in msg and "a (ObjectId=" in msg
    assert [h for h, _p, _s in hosts()] == ["a", "b", "c"]
    # with the leniency, the same requests are accepted
    lenient(["pin-sync-any-server"])
    assert api.delete(b.text).status_code == 204
    assert api.put(c.text, {"Precedence": "0"}, fmt="json").status_code == 204


# ---- the leniency setting itself --------------------------------------------------------

def test_lenient_config_cli_and_constructors(api, server, lenient):
    from cupi_emulator import CupiBackend, EmulatorServer
    from cupi_emulator.cli import build_parser
    from cupi_emulator.models import LENIENCIES

    def config(method, **kw):
        with requests.Session() as s:
            s.trust_env = False
            return s.request(method, f"{server.url}/__emulator__/config", verify=server.ca_path, timeout=10, **kw)

    assert config("GET").json()["lenient"] == []
    every = sorted(LENIENCIES)
    assert every == sorted(["server-port-group-id", "codec-port-group-id", "axl-phone-system-id",
                            "sccp-device-prefix-default", "pin-sync-any-server", "port-group-integration-default"])
    assert lenient(every) == every
    assert lenient("pin-sync-any-server, codec-port-group-id") == ["codec-port-group-id", "pin-sync-any-server"]
    for bad in (["nope"], "nope", [1], 5, {"a": 1}):
        r = config("POST", json={"lenient": bad, "latency_ms": 3})
        assert r.status_code == 400, bad
        assert "error" in r.json()
    assert config("GET").json()["lenient"] == ["codec-port-group-id", "pin-sync-any-server"]
    assert config("GET").json()["latency_ms"] == 0          # nothing changed
    assert lenient([]) == []
    # reset keeps the configuration
    lenient(["pin-sync-any-server"])
    assert api.admin("POST", "reset").status_code == 204
    assert config("GET").json()["lenient"] == ["pin-sync-any-server"]

    assert CupiBackend(lenient="axl-phone-system-id,pin-sync-any-server").lenient == \
        {"axl-phone-system-id", "pin-sync-any-server"}
    with pytest.raises(ValueError):
        CupiBackend(lenient=["nope"])
    with pytest.raises(ValueError):
        EmulatorServer(lenient="server-port-group-id,nope")
    srv = EmulatorServer(lenient=["server-port-group-id"])
    assert srv.backend.lenient == {"server-port-group-id"}

    args = build_parser().parse_args([])
    assert args.lenient == []
    args = build_parser().parse_args(["--lenient", "server-port-group-id,codec-port-group-id",
                                      "--lenient", "pin-sync-any-server"])
    assert sorted(n for names in args.lenient for n in names) == \
        ["codec-port-group-id", "pin-sync-any-server", "server-port-group-id"]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lenient", "server-port-group-id,nope"])
