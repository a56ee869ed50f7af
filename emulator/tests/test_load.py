"""Load behaviour over a real socket: keep-alive, worker slots and queue timeout, the Basic
authentication throttle, session expiry and the runtime configuration endpoint."""

import concurrent.futures
import http.client
import time

import pytest
import requests

from cupi_emulator import EmulatorServer
from cupi_emulator.cli import build_parser

AUTH = ("admin", "Cupi-Demo-1")
JSON_CT = {"Content-Type": "application/json", "Accept": "application/json"}


def _session(srv):
    s = requests.Session()
    s.trust_env = False
    s.verify = srv.ca_path if srv.tls else True
    return s


def _admin(srv, method, path, **kw):
    with _session(srv) as s:
        return s.request(method, f"{srv.url}/__emulator__/{path}", timeout=10, **kw)


def _record_local_ports(session):
    """The client-side port of the connection each response came on (read before the body is,
    while urllib3 still holds the connection)."""
    ports = []

    def hook(resp, *args, **kwargs):
        conn = resp.raw._connection
        ports.append(conn.sock.getsockname()[1] if conn is not None and conn.sock else None)

    session.hooks["response"].append(hook)
    return ports


# keep-alive


def test_session_reuses_one_tls_connection():
    with EmulatorServer(port=0) as srv, _session(srv) as s:
        u = srv.url + "/vmrest/phonesystems"
        ports = _record_local_ports(s)
        seen = []
        r = s.get(u, auth=AUTH, timeout=10)                      # 200, sets the cookies
        seen.append(r)
        r = s.post(u, data='{"DisplayName": "KA"}', headers=JSON_CT, timeout=10)  # 201
        assert r.status_code == 201
        seen.append(r)
        ps = r.text.rsplit("/", 1)[1]
        r = s.put(f"{u}/{ps}", data='{"CallLoopGuardTimeMs": "3000"}', headers=JSON_CT, timeout=10)
        assert r.status_code == 204
        seen.append(r)
        r = s.get(u + "/nope", timeout=10)                        # 404 ErrorDetails
        assert r.status_code == 404
        seen.append(r)
        r = s.get(u, auth=AUTH, cookies={"JSESSIONIDSSO": "x", "JSESSIONID": "x"}, timeout=10)
        seen.append(r)
        s.cookies.clear()
        r = s.get(u, timeout=10)                                  # 401 HTML
        assert r.status_code == 401
        seen.append(r)
        r = s.delete(f"{u}/{ps}", auth=AUTH, timeout=10)         # 204
        assert r.status_code == 204
        seen.append(r)
        for resp in seen:
            assert resp.headers.get("Connection", "").lower() != "close"
            if resp.status_code != 204:
                assert resp.headers["Content-Length"] == str(len(resp.content))
        assert len(ports) == len(seen) and None not in ports
        assert len(set(ports)) == 1
        assert srv.connections_accepted == 1


def test_keep_alive_0_closes_after_every_response():
    with EmulatorServer(port=0, tls=False, keep_alive_s=0) as srv, _session(srv) as s:
        for _ in range(3):
            r = s.get(srv.url + "/vmrest/vmsservers", auth=AUTH, timeout=10)
            assert r.status_code == 200
            assert r.headers["Connection"] == "close"
        assert srv.connections_accepted == 3


def test_unread_request_body_does_not_break_the_next_request():
    """A 401 never reads the POST body; the server still finds the next request line."""
    with EmulatorServer(port=0, tls=False) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        body = '{"DisplayName": "' + "x" * 5000 + '"}'
        conn.request("POST", "/vmrest/phonesystems", body=body, headers={"Content-Type": "application/json"})
        r1 = conn.getresponse()
        assert r1.status == 401
        r1.read()
        conn.request("GET", "/__emulator__/health")
        r2 = conn.getresponse()
        assert r2.status == 200 and b'"ok"' in r2.read()
        conn.request("HEAD", "/__emulator__/health")
        r3 = conn.getresponse()
        assert r3.status == 200 and r3.read() == b""
        conn.request("GET", "/__emulator__/health", headers={"Connection": "close"})
        r4 = conn.getresponse()
        assert r4.getheader("Connection") == "close"
        r4.read()
        conn.close()
        assert srv.connections_accepted == 1


def test_stop_closes_kept_alive_connections():
    srv = EmulatorServer(port=0, tls=False).start()
    s = _session(srv)
    assert s.get(srv.url + "/__emulator__/health", timeout=10).status_code == 200
    url = srv.url
    srv.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        s.get(url + "/__emulator__/health", timeout=5)
    s.close()


# worker slots and the queue


def _parallel(srv, n, path="/vmrest/vmsservers"):
    def one(_):
        with _session(srv) as s:
            return s.get(srv.url + path, auth=AUTH, headers={"Accept": "application/json"}, timeout=10)

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def test_five_at_once_then_503_when_the_queue_times_out():
    with EmulatorServer(port=0, tls=False, latency_ms=400, queue_timeout_ms=100) as srv:
        responses = _parallel(srv, 6)
        codes = sorted(r.status_code for r in responses)
        assert codes == [200] * 5 + [503]
        busy = next(r for r in responses if r.status_code == 503)
        assert busy.json()["errors"]["code"] == "SERVICE_UNAVAILABLE"
        assert "Set-Cookie" not in busy.headers
        log = _admin(srv, "GET", "requests").json()
        assert sorted(e["status"] for e in log) == [200] * 5 + [503]
        assert {e["auth"] for e in log} == {"basic"}


def test_queued_requests_wait_for_a_slot():
    with EmulatorServer(port=0, tls=False, latency_ms=250, max_concurrent=2) as srv:
        t0 = time.monotonic()
        responses = _parallel(srv, 4)
        elapsed = time.monotonic() - t0
        assert [r.status_code for r in responses] == [200] * 4
        assert elapsed >= 0.48        # two rounds of 250 ms: latency is spent holding a slot
        # the limit and the queue timeout change at runtime
        cfg = _admin(srv, "POST", "config", json={"max_concurrent": 1, "queue_timeout_ms": 50}).json()
        assert cfg["max_concurrent"] == 1 and cfg["queue_timeout_ms"] == 50
        assert sorted(r.status_code for r in _parallel(srv, 2)) == [200, 503]


# Basic authentication throttle


def test_third_basic_auth_within_a_second_is_503_cookie_never_throttled():
    with EmulatorServer(port=0, tls=False, basic_auth_limit=3) as srv:
        url = srv.url + "/vmrest/vmsservers"
        with _session(srv) as s:
            r1 = s.get(url, auth=AUTH, timeout=10)
            assert r1.status_code == 200
            cookies = dict(s.cookies)
        codes = []
        for _ in range(2):
            with _session(srv) as s:
                r = s.get(url, auth=AUTH, headers={"Accept": "application/json"}, timeout=10)
                codes.append(r.status_code)
        assert codes == [200, 503]
        assert r.json()["errors"]["code"] == "SERVICE_UNAVAILABLE"
        assert "Set-Cookie" not in r.headers
        # a wrong password is throttled too (it is not even checked)
        with _session(srv) as s:
            assert s.get(url, auth=("admin", "wrong"), timeout=10).status_code == 503
        # the session cookie is never throttled
        with _session(srv) as s:
            for _ in range(5):
                assert s.get(url, cookies=cookies, timeout=10).status_code == 200
        log = _admin(srv, "GET", "requests").json()
        assert [(e["status"], e["auth"]) for e in log] == \
            [(200, "basic"), (200, "basic"), (503, "basic"), (503, "basic")] + [(200, "session")] * 5
        # after the window, Basic works again; a short window through the config endpoint
        _admin(srv, "POST", "config", json={"basic_auth_window_ms": 100})
        time.sleep(0.15)
        with _session(srv) as s:
            assert s.get(url, auth=AUTH, timeout=10).status_code == 200


def test_basic_auth_limit_0_disables_the_throttle():
    with EmulatorServer(port=0, tls=False, basic_auth_limit=3) as srv:
        assert _admin(srv, "POST", "config", json={"basic_auth_limit": 0}).json()["basic_auth_limit"] == 0
        for _ in range(6):
            with _session(srv) as s:
                assert s.get(srv.url + "/vmrest/vmsservers", auth=AUTH, timeout=10).status_code == 200


def test_reset_clears_the_throttle_window():
    with EmulatorServer(port=0, tls=False, basic_auth_limit=2) as srv:
        url = srv.url + "/vmrest/vmsservers"
        with _session(srv) as s:
            assert s.get(url, auth=AUTH, timeout=10).status_code == 200
            s.cookies.clear()
            assert s.get(url, auth=AUTH, timeout=10).status_code == 503
            assert _admin(srv, "POST", "reset").status_code == 204
            assert s.get(url, auth=AUTH, timeout=10).status_code == 200


# session expiry


def test_session_expires_after_last_use():
    with EmulatorServer(port=0, tls=False) as srv:
        _admin(srv, "POST", "config", json={"session_timeout_s": 0.4})
        url = srv.url + "/vmrest/vmsservers"
        with _session(srv) as s:
            assert s.get(url, auth=AUTH, timeout=10).status_code == 200
            for _ in range(3):           # each use restarts the timeout: 0.75 s in all
                time.sleep(0.25)
                assert s.get(url, timeout=10).status_code == 200
            time.sleep(0.5)
            r = s.get(url, timeout=10)
            assert r.status_code == 401
            assert r.headers["Content-Type"].startswith("text/html") and "Apache Tomcat" in r.text
            # Basic with the stale cookie authenticates again and hands out a new session
            assert s.get(url, auth=AUTH, timeout=10).status_code == 200
            assert s.get(url, timeout=10).status_code == 200


# runtime configuration


def test_config_get_post_and_validation():
    with EmulatorServer(port=0, tls=False, latency_ms=0, session_timeout_s=1800) as srv:
        cfg = _admin(srv, "GET", "config").json()
        for key, value in {"latency_ms": 0, "auth_latency_ms": 0, "basic_auth_limit": 0,
                           "basic_auth_window_ms": 1000, "max_concurrent": 5,
                           "queue_timeout_ms": 10000, "session_timeout_s": 1800,
                           "license_ports": 250}.items():
            assert cfg[key] == value, key
        new = _admin(srv, "POST", "config", json={"latency_ms": 5, "auth_latency_ms": 7,
                                                  "license_ports": 12}).json()
        assert (new["latency_ms"], new["auth_latency_ms"], new["license_ports"]) == (5, 7, 12)
        assert srv.backend.license_ports == 12
        for bad in ({"latency_ms": -1}, {"max_concurrent": 0}, {"latency_ms": "5"},
                    {"basic_auth_limit": True}, {"nope": 1}, [1]):
            r = _admin(srv, "POST", "config", json=bad)
            assert r.status_code == 400, bad
            assert "error" in r.json()
        # an invalid request changes nothing, even its valid keys
        assert _admin(srv, "POST", "config", json={"latency_ms": 1, "max_concurrent": 0}).status_code == 400
        assert _admin(srv, "GET", "config").json()["latency_ms"] == 5
        if hasattr(srv.backend, "reset_seconds"):
            r = _admin(srv, "POST", "config", json={"reset_seconds": 0})
            assert r.status_code == 200 and r.json()["reset_seconds"] == 0
            assert srv.backend.reset_seconds == 0
        else:
            assert _admin(srv, "POST", "config", json={"reset_seconds": 0}).status_code == 400


def test_cli_flags_and_defaults():
    args = build_parser().parse_args([])
    assert (args.max_concurrent, args.queue_timeout_ms, args.basic_auth_limit,
            args.basic_auth_window_ms, args.session_timeout_s, args.keep_alive_s) == \
        (5, 10000, 3, 1000, 1800, 20)
    args = build_parser().parse_args(["--max-concurrent", "2", "--queue-timeout-ms", "50",
                                      "--basic-auth-limit", "0", "--basic-auth-window-ms", "10",
                                      "--session-timeout-s", "5", "--keep-alive-s", "0"])
    assert (args.max_concurrent, args.queue_timeout_ms, args.basic_auth_limit,
            args.basic_auth_window_ms, args.session_timeout_s, args.keep_alive_s) == (2, 50, 0, 10, 5, 0)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--max-concurrent", "0"])
