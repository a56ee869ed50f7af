"""Injected faults (POST /__emulator__/faults) over a real TLS socket."""

import time

import pytest
import requests

AUTH = ("admin", "Cupi-Demo-1")
JSON_CT = {"Content-Type": "application/json", "Accept": "application/json"}


def _session(server):
    s = requests.Session()
    s.trust_env = False
    s.verify = server.ca_path
    return s


def _names(api):
    r = api.get("/vmrest/phonesystems", fmt="json")
    rows = r.json().get("PhoneSystem", [])
    rows = [rows] if isinstance(rows, dict) else rows
    return [row["DisplayName"] for row in rows]


def _inject(api, *faults):
    r = api.admin("POST", "faults", json=list(faults) if len(faults) > 1 else faults[0])
    assert r.status_code == 201, r.text
    return r.json()


def test_status_503_burst_then_normal(api):
    added = _inject(api, {"kind": "status_503", "method": "POST", "path": "/vmrest/phonesystems",
                          "count": 2})
    assert added == [{"id": added[0]["id"], "kind": "status_503", "method": "POST",
                      "path": "/vmrest/phonesystems", "count": 2, "skip": 0, "hits": 0,
                      "remaining": 2}]
    assert api.get("/vmrest/phonesystems").status_code == 200          # GET is not matched
    for _ in range(2):
        r = api.post("/vmrest/phonesystems", {"DisplayName": "PS"}, fmt="json")
        assert r.status_code == 503
        assert r.json()["errors"]["code"] == "SERVICE_UNAVAILABLE"
        assert "Set-Cookie" not in r.headers
    assert api.admin("GET", "faults").json() == []                       # the burst is over
    assert api.post("/vmrest/phonesystems", {"DisplayName": "PS"}, fmt="json").status_code == 201
    log = api.admin("GET", "requests").json()
    assert [(e["method"], e["status"], e.get("faults")) for e in log[:4]] == [
        ("GET", 200, None), ("POST", 503, ["status_503"]), ("POST", 503, ["status_503"]),
        ("POST", 201, None)]


def test_skip_and_regex_path(api):
    ps = api.create_ps("PS")
    _inject(api, {"kind": "status_503", "method": "put", "path": r"/vmrest/phonesystems/[0-9a-f-]+$",
                  "skip": 1})
    body = {"CallLoopGuardTimeMs": "3000"}
    assert api.put(f"/vmrest/phonesystems/{ps}/axlservers/x", body).status_code != 503  # no match
    assert api.put(f"/vmrest/phonesystems/{ps}", body, fmt="json").status_code == 204   # skipped
    assert api.put(f"/vmrest/phonesystems/{ps}", body, fmt="json").status_code == 503
    assert api.put(f"/vmrest/phonesystems/{ps}", body, fmt="json").status_code == 204


def test_drop_before_changes_nothing(api, server):
    _inject(api, {"kind": "drop_before", "method": "POST", "path": "/vmrest/phonesystems"})
    with _session(server) as s:
        with pytest.raises(requests.exceptions.ConnectionError):
            s.post(server.url + "/vmrest/phonesystems", auth=AUTH, headers=JSON_CT,
                   data='{"DisplayName": "Lost"}', timeout=10)
    assert _names(api) == []
    entry = api.admin("GET", "requests").json()[0]
    assert (entry["method"], entry["status"], entry["faults"]) == ("POST", None, ["drop_before"])


def test_drop_after_commits_the_change(api, server):
    _inject(api, {"kind": "drop_after", "method": "POST"})
    with _session(server) as s:
        with pytest.raises(requests.exceptions.ConnectionError):
            s.post(server.url + "/vmrest/phonesystems", auth=AUTH, headers=JSON_CT,
                   data='{"DisplayName": "Committed"}', timeout=10)
    assert _names(api) == ["Committed"]
    entry = api.admin("GET", "requests").json()[0]
    assert (entry["status"], entry["faults"]) == (None, ["drop_after"])


def test_drop_on_a_kept_alive_connection_then_the_session_recovers(api, server):
    with _session(server) as s:
        url = server.url + "/vmrest/phonesystems"
        assert s.get(url, auth=AUTH, timeout=10).status_code == 200
        _inject(api, {"kind": "drop_after", "method": "DELETE"})
        ps = api.create_ps("Gone")
        with pytest.raises(requests.exceptions.ConnectionError):
            s.delete(f"{url}/{ps}", timeout=10)
        assert s.get(f"{url}/{ps}", timeout=10).status_code == 404      # new connection, cookie
    assert _names(api) == []


def test_delay_longer_than_the_client_timeout(api, server):
    _inject(api, {"kind": "delay", "ms": 600, "method": "POST"})
    with _session(server) as s:
        t0 = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout):
            s.post(server.url + "/vmrest/phonesystems", auth=AUTH, headers=JSON_CT,
                   data='{"DisplayName": "Slow"}', timeout=(5, 0.2))
        assert time.monotonic() - t0 < 0.5
    deadline = time.monotonic() + 5
    while "Slow" not in _names(api) and time.monotonic() < deadline:   # it still completes
        time.sleep(0.1)
    assert _names(api) == ["Slow"]
    # the log is in completion order: the delayed POST comes after the GETs that polled
    entry = next(e for e in api.admin("GET", "requests").json() if e["method"] == "POST")
    assert (entry["status"], entry["faults"]) == (201, ["delay"])
    assert entry["time"] <= time.time() - 0.5


def test_expire_sessions(api, server):
    with _session(server) as s:
        url = server.url + "/vmrest/vmsservers"
        assert s.get(url, auth=AUTH, timeout=10).status_code == 200
        assert s.get(url, timeout=10).status_code == 200
        _inject(api, {"kind": "expire_sessions"})
        r = s.get(url, timeout=10)
        assert r.status_code == 401 and "Apache Tomcat" in r.text
        assert s.get(url, timeout=10).status_code == 401                 # still expired
        assert s.get(url, auth=AUTH, timeout=10).status_code == 200      # Basic: new session
        assert s.get(url, timeout=10).status_code == 200
    log = api.admin("GET", "requests").json()
    assert [(e["status"], e["auth"], e.get("faults")) for e in log] == [
        (200, "basic", None), (200, "session", None), (401, "none", ["expire_sessions"]),
        (401, "none", None), (200, "basic", None), (200, "session", None)]


def test_list_delete_one_clear_and_reset(api):
    a, b = _inject(api, {"kind": "status_503", "count": 0}, {"kind": "delay", "ms": 1, "path": "/x"})
    listed = api.admin("GET", "faults").json()
    assert [f["id"] for f in listed] == [a["id"], b["id"]]
    assert listed[0]["remaining"] is None and listed[1]["ms"] == 1
    for _ in range(3):                                    # count 0: until cleared
        assert api.get("/vmrest/vmsservers").status_code == 503
    assert api.admin("DELETE", f"faults/{a['id']}").status_code == 204
    assert api.admin("DELETE", f"faults/{a['id']}").status_code == 404
    assert api.get("/vmrest/vmsservers").status_code == 200
    assert api.admin("DELETE", "faults").status_code == 204
    assert api.admin("GET", "faults").json() == []
    _inject(api, {"kind": "status_503"})
    assert api.admin("POST", "reset").status_code == 204
    assert api.admin("GET", "faults").json() == []
    assert api.get("/vmrest/vmsservers").status_code == 200


@pytest.mark.parametrize("bad", [
    {"kind": "boom"}, {}, {"kind": "delay"}, {"kind": "delay", "ms": -1},
    {"kind": "status_503", "ms": 5}, {"kind": "status_503", "path": "("},
    {"kind": "status_503", "method": "FETCH"}, {"kind": "status_503", "count": "2"},
    {"kind": "status_503", "extra": 1}, [], "status_503",
])
def test_invalid_faults_are_400_and_add_nothing(api, bad):
    r = api.admin("POST", "faults", json=bad)
    assert r.status_code == 400 and "error" in r.json()
    r = api.admin("POST", "faults", json=[{"kind": "status_503"}, bad])
    assert r.status_code == 400
    assert api.admin("GET", "faults").json() == []
