"""ResetStatusEnum: which changes need a reset, PUT .../reset, the in-progress delay."""

import time

from conftest import G722

TLS_PROFILE_QUERY = "/vmrest/sipsecurityprofiles?query=(DoTLS%20is%20true)"


def _reset(api, pg, fmt="json"):
    return api.request("PUT", f"/vmrest/portgroups/{pg}/reset", fmt=fmt)


def test_new_port_group_needs_no_reset(api, tel):
    pg = tel.port_group("sip")
    assert tel.reset_status(pg) == "0"
    r = _reset(api, pg)
    assert r.status_code == 400 and r.json()["errors"]["code"] == "DATA_EXCEPTION"
    assert "does not need a reset" in r.json()["errors"]["message"]
    bogus = "0b5a7b4e-1111-4222-8333-444455556666"
    assert _reset(api, bogus).status_code == 400
    assert api.get(f"/vmrest/portgroups/{pg}/reset").status_code == 405


def test_reset_cycle(api, tel, fast_reset):
    pg = tel.port_group("sip")
    assert api.put(f"/vmrest/portgroups/{pg}", {"SipTransportProtocolEnum": "11"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "100"
    r = _reset(api, pg, fmt="xml")                   # no body, no Content-Type needed
    assert r.status_code == 204 and r.text == ""
    assert tel.reset_status(pg) == "101"
    r = _reset(api, pg, fmt="xml")
    assert r.status_code == 400 and "already in progress" in r.text
    assert api.get("/vmrest/portgroups?query=(ResetStatusEnum%20is%20101)", fmt="json").json()["@total"] == "1"
    time.sleep(fast_reset + 0.1)
    assert tel.reset_status(pg) == "0"
    assert _reset(api, pg).status_code == 400
    # a change during the reset makes it required again
    assert api.put(f"/vmrest/portgroups/{pg}", {"SipTLSModeEnum": "10"}, fmt="json").status_code == 204
    assert _reset(api, pg).status_code == 204
    assert api.put(f"/vmrest/portgroups/{pg}", {"SipTLSModeEnum": "11"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "100"


def test_default_delay(server):
    assert server.backend.reset_seconds == 2.0


def test_what_needs_a_reset(api, tel, server):
    pg = tel.port_group("sip")
    url = f"/vmrest/portgroups/{pg}"

    def clear():
        server.backend.object("PortGroup", pg)["_reset_status"] = 0
        assert tel.reset_status(pg) == "0"

    # no reset for other fields, nor for values that do not change
    assert api.put(url, {"EnableMWI": "true", "OutgoingGuardTimeMs": "100", "SipTransportProtocolEnum": "10",
                         "SipTLSModeEnum": "11"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "0"
    tls = tel.items(TLS_PROFILE_QUERY, "SipSecurityProfile")[0]["ObjectId"]
    cert = tel.oid(api.post("/vmrest/sipcertificates", {"DisplayName": "c", "SubjectName": "c"}, fmt="json"))
    for change in ({"MediaSipSecurityProfileObjectId": tls}, {"MediaCertificateObjectId": cert},
                   {"SipTLSModeEnum": "10"}, {"SipTransportProtocolEnum": "11"}):
        assert api.put(url, change, fmt="json").status_code == 204
        assert tel.reset_status(pg) == "100", change
        clear()
    # a changed profile or certificate in use
    assert api.put(f"/vmrest/sipsecurityprofiles/{tls}", {"Port": "5063"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "100"
    clear()
    assert api.put(f"/vmrest/sipcertificates/{cert}", {"SubjectName": "c2"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "100"
    clear()
    # servers: add, update, delete
    base = f"{url}/portgroupservers"
    sid = tel.oid(api.post(base, {"MediaRemoteServiceEnum": "102", "MediaPortGroupObjectId": pg,
                                  "HostOrIPAddress": "b"}, fmt="json"))
    assert tel.reset_status(pg) == "100"
    clear()
    assert api.put(f"{base}/{sid}", {"HostOrIPAddress": "b"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "0"                # nothing changed
    assert api.put(f"{base}/{sid}", {"Precedence": "5"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "100"
    clear()
    assert api.delete(f"{base}/{sid}").status_code == 204
    assert tel.reset_status(pg) == "100"
    clear()
    # codecs: add, delete
    cid = tel.oid(api.post(f"{url}/portgroupcodecs", {"MediaPortGroupObjectId": pg, "RtpCodecDefObjectId": G722},
                           fmt="json"))
    assert tel.reset_status(pg) == "100"
    clear()
    assert api.delete(f"{url}/portgroupcodecs/{cid}").status_code == 204
    assert tel.reset_status(pg) == "100"
    clear()
    # ports do not need a reset
    pid = tel.ports(pg, 2)
    assert api.put(f"/vmrest/ports/{pid}", {"CapEnabled": "false"}, fmt="json").status_code == 204
    assert tel.reset_status(pg) == "0"


def test_state_file_keeps_reset_status(tmp_path):
    import requests
    from cupi_emulator import EmulatorServer
    from cupi_emulator.models import CupiBackend
    state = str(tmp_path / "state.json")
    with EmulatorServer(port=0, tls=False, state_file=state) as one:
        s = requests.Session()
        s.trust_env = False
        ps = s.post(one.url + "/vmrest/phonesystems", json={"DisplayName": "HQ"}, auth=("admin", "Cupi-Demo-1")).text
        pg = s.post(one.url + "/vmrest/portgroups", auth=("admin", "Cupi-Demo-1"), json={
            "MediaSwitchObjectId": ps.rsplit("/", 1)[1], "DisplayName": "G", "HostOrIPAddress": "h",
            "TelephonyIntegrationMethodEnum": "2",
            "MediaPortGroupTemplateObjectId": "04e0e286-56ed-4f27-a325-756a49dd98e1"}).text.rsplit("/", 1)[1]
        assert s.put(f"{one.url}/vmrest/portgroups/{pg}", json={"SipTLSModeEnum": "10"},
                     auth=("admin", "Cupi-Demo-1")).status_code == 204
    backend = CupiBackend(state_file=state, reset_seconds=0.5)
    assert backend.reset_seconds == 0.5
    assert backend.get("PortGroup", pg)["ResetStatusEnum"] == 100
    assert len(backend.list("PortGroupCodec", pg)[1]) == 2
    assert backend.list("SipSecurityProfile")[0] == 2
