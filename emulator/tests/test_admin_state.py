"""Admin endpoints, VMS servers, state file."""

import json

from cupi_emulator import EmulatorServer
from cupi_emulator.models import vms_server_id


def test_health_is_not_logged(api):
    assert api.admin("GET", "health").json() == {"status": "ok", "in_flight": 0}
    assert api.admin("GET", "requests").json() == []


def test_request_log_and_clear(api):
    api.get("/vmrest/phonesystems", params={"query": "(DisplayName is a b)", "rowsPerPage": "5"})
    api.create_ps("X")
    log = api.admin("GET", "requests").json()
    assert [(e["method"], e["path"], e["status"], e["auth"]) for e in log] == [
        ("GET", "/vmrest/phonesystems", 200, "basic"), ("POST", "/vmrest/phonesystems", 201, "basic")]
    assert log[0]["query"] == "query=%28DisplayName+is+a+b%29&rowsPerPage=5"
    assert log[1]["query"] == ""
    assert isinstance(log[0]["time"], float) and log[0]["time"] <= log[1]["time"]
    assert api.admin("DELETE", "requests").status_code == 204
    assert api.admin("GET", "requests").json() == []


def test_reset(api):
    api.create_ps("X")
    assert api.admin("POST", "reset").status_code == 204
    assert api.get("/vmrest/phonesystems", fmt="json").json() == {"@total": "0"}
    assert len(api.admin("GET", "requests").json()) == 1


def test_vms_servers(api):
    body = api.get("/vmrest/vmsservers", fmt="json").json()
    assert body["@total"] == "2"
    pub = body["VmsServer"][0]
    assert pub["ServerName"] == "cuc-pub"
    assert pub["VmsServerObjectId"] == pub["ObjectId"] == vms_server_id("cuc-pub")
    assert pub["URI"] == f"/vmrest/vmsservers/{pub['ObjectId']}"
    assert api.get(pub["URI"], fmt="json").json() == pub
    assert api.get("/vmrest/vmsservers", params={"query": "(ServerName is cuc-sub)"}, fmt="json").json()[
        "VmsServer"]["ServerName"] == "cuc-sub"
    assert api.get("/vmrest/vmsservers/0b5a7b4e-1111-4222-8333-444455556666").status_code == 404


def test_admin_association_errors(api):
    r = api.admin("POST", "associations", json={"phone_system": "nope", "alias": "x"})
    assert r.status_code == 404
    r = api.admin("POST", "associations", json={"phone_system": "nope"})
    assert r.status_code == 400
    ps = api.create_ps("P")
    r = api.admin("POST", "associations", json={"phone_system": ps, "alias": "jdoe", "display_name": "John Doe",
                                                 "num_notification_device": 4})
    assert r.status_code == 201
    assert r.json()["Alias"] == "jdoe" and r.json()["numNotificationDevice"] == "4"
    assert r.json()["MediaSwitchObjectId"] == ps


def test_state_file_survives_restart(tmp_path):
    state = tmp_path / "state.json"
    from conftest import Api

    with EmulatorServer(port=0, tls=False, state_file=str(state)) as one:
        api = Api(one)
        ps = api.create_ps("Persisted", MwiForceOff="true")
        axl = api.create_axl(ps, "10.9.9.9", CcmAXLPassword="pw")
        api.admin("POST", "associations", json={"phone_system": ps, "alias": "jdoe"})
    assert json.loads(state.read_text())["version"] == 1
    with EmulatorServer(port=0, tls=False, state_file=str(state)) as two:
        api = Api(two)
        obj = api.get(f"/vmrest/phonesystems/{ps}", fmt="json").json()
        assert obj["DisplayName"] == "Persisted" and obj["MwiForceOff"] == "true"
        assert api.get(f"/vmrest/phonesystems/{ps}/axlservers/{axl}").status_code == 200
        assert api.admin("GET", f"secrets/axlservers/{axl}").json() == {"password": "pw"}
        assert api.delete(f"/vmrest/phonesystems/{ps}").status_code == 400  # association persisted
        assert api.get("/vmrest/vmsservers", fmt="json").json()["VmsServer"]["ObjectId"] == vms_server_id("cuc-pub")
        api.admin("POST", "reset")
    assert json.loads(state.read_text())["objects"]["PhoneSystem"] == []
