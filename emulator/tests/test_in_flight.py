"""Requests in flight and the request log: a request that began before a reset or a clear of
the log never shows in the log after it, nor changes the state after a reset."""

import threading
import time

import pytest
import requests

from cupi_emulator.sessions import RequestLog, StillInFlight

AUTH = ("admin", "Cupi-Demo-1")
JSON_CT = {"Content-Type": "application/json", "Accept": "application/json"}


def _late_post(api, server, name, delay_ms):
    """A POST delayed by ``delay_ms`` that the client gives up on after 0.2 s: it is in flight
    on the server (its delay begun) when this returns."""
    r = api.admin("POST", "faults", json={"kind": "delay", "ms": delay_ms, "method": "POST"})
    assert r.status_code == 201, r.text
    with requests.Session() as s:
        s.trust_env = False
        s.verify = server.ca_path
        with pytest.raises(requests.exceptions.ReadTimeout):
            s.post(server.url + "/vmrest/phonesystems", auth=AUTH, headers=JSON_CT,
                   data='{"DisplayName": "%s"}' % name, timeout=(5, 0.2))
    _until(lambda: _in_flight(api) == 1)


def _names(api):
    rows = api.get("/vmrest/phonesystems", fmt="json").json().get("PhoneSystem", [])
    return [row["DisplayName"] for row in ([rows] if isinstance(rows, dict) else rows)]


def _in_flight(api):
    return api.admin("GET", "health").json()["in_flight"]


def _until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within %s s" % seconds
        time.sleep(0.05)


def test_health_counts_the_requests_in_flight(api, server):
    assert api.admin("GET", "health").json() == {"status": "ok", "in_flight": 0}
    _late_post(api, server, "Slow", 1500)       # returns once in_flight is 1
    _until(lambda: _in_flight(api) == 0)
    assert _names(api) == ["Slow"]


def test_a_request_in_flight_at_a_clear_never_shows_in_the_new_log(api, server):
    _late_post(api, server, "Late", 800)
    assert api.admin("DELETE", "requests").status_code == 204   # waits for the late POST
    assert api.admin("GET", "requests").json() == []
    _until(lambda: "Late" in _names(api))                         # it was committed
    log = api.admin("GET", "requests").json()
    assert log and {(e["method"], e["path"]) for e in log} == {("GET", "/vmrest/phonesystems")}


def test_a_request_in_flight_at_a_reset_changes_nothing_after_it(api, server):
    _late_post(api, server, "Late", 800)
    t0 = time.monotonic()
    assert api.admin("POST", "reset").status_code == 204         # waits for the late POST
    assert time.monotonic() - t0 > 0.3
    _until(lambda: _in_flight(api) == 0)
    assert _names(api) == []                                      # the reset came after it
    assert [e["method"] for e in api.admin("GET", "requests").json()] == ["GET"]


def test_a_clear_that_waits_too_long_fails_and_clears_nothing(api, server):
    assert api.get("/vmrest/vmsservers").status_code == 200
    server.context.clear_timeout_s = 0.2
    try:
        _late_post(api, server, "Late", 1500)
        r = api.admin("DELETE", "requests")
        assert r.status_code == 503
        assert r.json() == {"error": "1 /vmrest request(s) still in flight after 0.2 s: "
                                     "nothing was cleared"}
        r = api.admin("POST", "reset")
        assert r.status_code == 503 and "still in flight" in r.json()["error"]
        assert [e["path"] for e in api.admin("GET", "requests").json()] == ["/vmrest/vmsservers"]
    finally:
        server.context.clear_timeout_s = 30.0
    assert api.admin("POST", "reset").status_code == 204         # waits for it
    assert _names(api) == []


# ---- RequestLog alone -------------------------------------------------------------------

def test_an_entry_of_an_earlier_generation_is_dropped():
    log = RequestLog()
    old = log.begin()
    log.end()
    log.clear(1)
    log.add(old, path="/old")
    new = log.begin()
    log.add(new, path="/new")
    log.end()
    assert log.entries() == [{"path": "/new"}]


def test_clear_waits_for_the_requests_in_flight():
    log = RequestLog()
    generation = log.begin()
    with pytest.raises(StillInFlight) as caught:
        log.clear(0.05)
    assert caught.value.count == 1 and log.in_flight == 1
    done = []
    clearer = threading.Thread(target=lambda: log.clear(10, then=lambda: done.append(log.entries())))
    clearer.start()
    log.add(generation, path="/before")
    log.end()
    clearer.join(10)
    assert done == [[{"path": "/before"}]]       # then() ran after the request ended
    assert log.entries() == [] and log.in_flight == 0
