import time

import requests

from cupi_emulator import EmulatorServer


def test_bad_password_is_401_html(api):
    r = api.get("/vmrest/phonesystems", auth=("admin", "wrong"), fmt="json")
    assert r.status_code == 401
    assert r.headers["Content-Type"].startswith("text/html")
    assert r.headers["WWW-Authenticate"].startswith('Basic realm="')
    assert "<html" in r.text and "401" in r.text
    assert "ErrorDetails" not in r.text and "errors" not in r.text
    assert "Set-Cookie" not in r.headers


def test_no_auth_is_401_and_logged_as_none(api):
    r = api.get("/vmrest/phonesystems", auth=None)
    assert r.status_code == 401
    r = api.get("/vmrest/phonesystems", auth=("nobody", "password"))
    assert r.status_code == 401
    log = api.admin("GET", "requests").json()
    assert [(e["status"], e["auth"]) for e in log] == [(401, "none"), (401, "basic")]


def test_unknown_path_needs_auth_first(api):
    assert api.get("/vmrest/nothing", auth=None).status_code == 401


def test_cookie_session(api, server):
    with requests.Session() as s:
        s.trust_env = False
        s.verify = server.ca_path
        r1 = s.get(server.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1"), timeout=10)
        assert r1.status_code == 200
        cookies = {c.name: c for c in s.cookies}
        assert set(cookies) == {"JSESSIONIDSSO", "JSESSIONID", "REQUEST_TOKEN_KEY"}
        assert cookies["JSESSIONID"].path == "/vmrest/"
        assert cookies["JSESSIONIDSSO"].path == "/"
        assert cookies["JSESSIONIDSSO"].secure
        assert "HttpOnly" in r1.headers["Set-Cookie"]
        # No Basic header now: the cookie alone authenticates.
        r2 = s.get(server.url + "/vmrest/phonesystems", timeout=10)
        assert r2.status_code == 200
        assert "Set-Cookie" not in r2.headers
        # Cookie plus Basic (even a wrong one): the session wins.
        r3 = s.get(server.url + "/vmrest/vmsservers", auth=("admin", "bad"), timeout=10)
        assert r3.status_code == 200
    log = api.admin("GET", "requests").json()
    assert [e["auth"] for e in log] == ["basic", "session", "session"]


def test_invalid_cookie_falls_back_to_basic(api, server):
    with requests.Session() as s:
        s.trust_env = False
        r = s.get(server.url + "/vmrest/phonesystems", verify=server.ca_path, timeout=10,
                  cookies={"JSESSIONIDSSO": "bogus"})
        assert r.status_code == 401
        r = s.get(server.url + "/vmrest/phonesystems", verify=server.ca_path, timeout=10,
                  cookies={"JSESSIONIDSSO": "bogus"}, auth=("admin", "Cupi-Demo-1"))
        assert r.status_code == 200
    assert [e["auth"] for e in api.admin("GET", "requests").json()] == ["none", "basic"]


def test_reset_clears_sessions(api, server):
    with requests.Session() as s:
        s.trust_env = False
        s.verify = server.ca_path
        assert s.get(server.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1")).status_code == 200
        api.admin("POST", "reset")
        assert s.get(server.url + "/vmrest/phonesystems").status_code == 401


def test_auth_latency_only_for_basic_and_latency_for_all():
    with EmulatorServer(port=0, tls=False, auth_latency_ms=400, latency_ms=50) as srv:
        with requests.Session() as s:
            s.trust_env = False
            t0 = time.monotonic()
            assert s.get(srv.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1")).status_code == 200
            basic = time.monotonic() - t0
            t0 = time.monotonic()
            assert s.get(srv.url + "/vmrest/phonesystems").status_code == 200
            session = time.monotonic() - t0
            t0 = time.monotonic()
            assert s.get(srv.url + "/__emulator__/health").status_code == 200
            admin = time.monotonic() - t0
    assert basic >= 0.45
    assert 0.05 <= session < 0.35
    assert admin < 0.05


def test_concurrent_requests_with_latency_run_in_parallel():
    import concurrent.futures

    with EmulatorServer(port=0, tls=False, latency_ms=300) as srv:
        def create(i):
            with requests.Session() as s:
                s.trust_env = False
                return s.post(srv.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1"),
                              headers={"Content-Type": "application/json"},
                              data='{"DisplayName": "PS-%d"}' % i, timeout=10).status_code

        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(create, range(8)))
        elapsed = time.monotonic() - t0
        assert codes == [201] * 8
        assert elapsed < 1.5  # 8 x 300 ms serially would be 2.4 s
        total, _ = srv.backend.list("PhoneSystem")
        assert total == 8
