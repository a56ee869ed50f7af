"""Fixtures: one real emulator (TLS, real socket) for the session, reset before each test."""

import json

import pytest
import requests

from cupi_emulator import EmulatorServer

AUTH = ("admin", "password")
XML = {"Accept": "application/xml"}
JSON_ = {"Accept": "application/json"}


class Api:
    """A small client for the tests: every call authenticates with Basic (no cookies kept)."""

    def __init__(self, server):
        self.server = server
        self.url = server.url

    def _session(self):
        s = requests.Session()
        s.trust_env = False  # REQUESTS_CA_BUNDLE would override verify=
        s.verify = self.server.ca_path if self.server.tls else True
        return s

    def request(self, method, path, *, fmt="xml", body=None, body_fmt=None, auth=AUTH, headers=None,
                **kw):
        hdrs = {"Accept": "application/json" if fmt == "json" else "application/xml"}
        data = kw.pop("data", None)
        if body is not None:
            body_fmt = body_fmt or fmt
            if body_fmt == "json":
                hdrs["Content-Type"] = "application/json"
                data = json.dumps(body)
            elif isinstance(body, str):
                hdrs["Content-Type"] = "application/xml"
                data = body
            else:
                if len(body) == 1 and isinstance(next(iter(body.values())), dict):
                    root, fields = next(iter(body.items()))
                else:
                    root, fields = "Object", body
                inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
                hdrs["Content-Type"] = "application/xml"
                data = f"<{root}>{inner}</{root}>"
        hdrs.update(headers or {})
        with self._session() as s:
            return s.request(method, self.url + path, auth=auth, data=data, headers=hdrs, timeout=10, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def admin(self, method, path, **kw):
        with self._session() as s:
            return s.request(method, f"{self.url}/__emulator__/{path}", timeout=10, **kw)

    # conveniences
    def create_ps(self, name, **fields):
        r = self.post("/vmrest/phonesystems", {"DisplayName": name, **fields}, fmt="json")
        assert r.status_code == 201, r.text
        return r.text.rsplit("/", 1)[1]

    def create_axl(self, ps_id, host, **fields):
        r = self.post(f"/vmrest/phonesystems/{ps_id}/axlservers", {"HostOrIPAddress": host, **fields},
                      fmt="json")
        assert r.status_code == 201, r.text
        return r.text.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def server():
    with EmulatorServer(port=0, vms_servers=["cuc-pub", "cuc-sub"]) as srv:
        yield srv


@pytest.fixture()
def api(server):
    client = Api(server)
    assert client.admin("POST", "reset").status_code == 204
    return client
