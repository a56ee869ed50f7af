"""Fixtures: one real emulator (TLS, real socket) for the session, reset before each test."""

import json

import pytest
import requests

from cupi_emulator import EmulatorServer

AUTH = ("admin", "Cupi-Demo-1")
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
            return s.request(method, f"{self.url}/__emulator__/{path}", timeout=45, **kw)

    # conveniences
    def create_ps(self, name, **fields):
        r = self.post("/vmrest/phonesystems", {"DisplayName": name, **fields}, fmt="json")
        assert r.status_code == 201, r.text
        return r.text.rsplit("/", 1)[1]

    def create_axl(self, ps_id, host, **fields):
        """An AXL server as the reference's POST sends it (Telephony Integrations, "Adding New
        AXL Server"): with the phone
        system's id and MediaRemoteServiceEnum 103."""
        body = {"MediaSwitchObjectId": ps_id, "MediaRemoteServiceEnum": "103", "HostOrIPAddress": host, **fields}
        r = self.post(f"/vmrest/phonesystems/{ps_id}/axlservers", body, fmt="json")
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


# ---- telephony integration helpers (port groups, ports, codecs, SIP) ----------------------

TEMPLATE_IDS = {"sccp": "90dd306f-b8af-46b6-8289-f13437cc1e5e", "sip": "04e0e286-56ed-4f27-a325-756a49dd98e1",
                "pimg": "8fc4952c-aa4f-4b96-a4b3-dbe26e49d899"}
INTEGRATION = {"sccp": "1", "sip": "2", "pimg": "3"}
# the prefix the helper's SCCP groups get (Port Groups, "Creating SCCP Port Group" sends one)
SCCP_PREFIX = "CiscoUM1-VI"
G711U, G711A, G722, G729, ILBC = ("5623a48c-255d-a121-a4b4-5788238a8123", "672e247c-33de-b232-b5b4-12eb238a8234",
                                  "7823a48c-105d-b232-07b4-635a20810345", "8923aabc-3650-b232-1b00-0788b04a84c6",
                                  "9a23b48c-060d-b267-2589-5701238ab567")


class Telephony:
    """Shortcuts over Api for port groups, ports and SIP objects (JSON, asserting success)."""

    def __init__(self, api):
        self.api = api

    @staticmethod
    def oid(resp):
        assert resp.status_code == 201, resp.text
        return resp.text.rsplit("/", 1)[1]

    def vms_id(self, index=0):
        return self.api.get("/vmrest/vmsservers", fmt="json").json()["VmsServer"][index]["ObjectId"]

    def port_group(self, kind="sip", name=None, ps=None, host="10.1.1.1", **fields):
        ps = ps or self.api.create_ps(f"PS-{name or kind}")
        body = {"MediaSwitchObjectId": ps, "MediaPortGroupTemplateObjectId": TEMPLATE_IDS[kind],
                "TelephonyIntegrationMethodEnum": INTEGRATION[kind],
                "DisplayName": name or f"PG-{kind}", "HostOrIPAddress": host}
        if kind == "sccp":
            body["SkinnyDevicePrefix"] = SCCP_PREFIX
        body.update(fields)
        return self.oid(self.api.post("/vmrest/portgroups", body, fmt="json"))

    def pg(self, pg_id):
        r = self.api.get(f"/vmrest/portgroups/{pg_id}", fmt="json")
        assert r.status_code == 200, r.text
        return r.json()

    def items(self, path, key):
        body = self.api.get(path, fmt="json").json()
        value = body.get(key, [])
        return [value] if isinstance(value, dict) else value

    def ports(self, pg_id, count=2, **fields):
        if "VmsServerObjectId" not in fields and fields.pop("vms", True):
            fields["VmsServerObjectId"] = self.vms_id()
        body = {"MediaPortGroupObjectId": pg_id, "NumberOfPorts": str(count), **fields}
        return self.oid(self.api.post("/vmrest/ports", body, fmt="json"))

    def reset_status(self, pg_id):
        return self.pg(pg_id)["ResetStatusEnum"]


@pytest.fixture()
def tel(api):
    return Telephony(api)


@pytest.fixture()
def fast_reset(server):
    """Port group resets finish after 0.3 s instead of the default 2 s."""
    old = server.backend.reset_seconds
    server.backend.reset_seconds = 0.3
    yield 0.3
    server.backend.reset_seconds = old
