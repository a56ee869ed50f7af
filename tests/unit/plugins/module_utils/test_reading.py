# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading what a real server may send: the modules against the emulator behind a small
HTTP proxy that reshapes its answers the way another CUPI server could (a list of one as a
bare object, JSON without @total, values wrapped in white space, a 201 without a URI),
and against an emulator that caps its pages."""

from __future__ import annotations

import http.server
import json
import re
import threading

import pytest
import requests

from ansible_collections.cupi.telephony.plugins.module_utils.client import CupiClient, split_list
from ...conftest import PASSWORD, USER, Emulator
from ..modules.test_port_groups import run
from ansible_collections.cupi.telephony.plugins.modules import (
    phone_system,
    port_group,
    port_group_servers,
    ports,
    telephony_info,
)


def bare_single(method, path, status, ctype, body):
    """A JSON list of one answered as the item itself; an XML one with the item as root."""
    if method != "GET" or status != 200:
        return status, ctype, body
    if "json" in ctype:
        doc = json.loads(body)
        items = [v for k, v in doc.items() if k != "@total"]
        if doc.get("@total") == "1" and items and isinstance(items[0], dict):
            return status, ctype, json.dumps(items[0])
        return status, ctype, body
    match = re.match(r'^(<\?xml[^>]*\?>)?<(\w+) total="1">(.*)</\2>$', body, re.S)
    return (status, ctype, (match.group(1) or "") + match.group(3)) if match else (status, ctype, body)


def no_total(method, path, status, ctype, body):
    if method == "GET" and status == 200 and "json" in ctype:
        doc = json.loads(body)
        doc.pop("@total", None)
        return status, ctype, json.dumps(doc)
    return status, ctype, body


def padded(method, path, status, ctype, body):
    """Every value wrapped in new lines and blanks, as the reference's own samples show."""
    if method != "GET" or status != 200:
        return status, ctype, body
    if "json" in ctype:
        return status, ctype, re.sub(r'": "([^"]*)"', lambda m: '": "\\n  %s \\n"' % m.group(1), body)
    return status, ctype, re.sub(r">([^<>]+)</", lambda m: ">\n  %s \n</" % m.group(1), body)


def no_uri(method, path, status, ctype, body):
    if method == "POST" and status == 201:
        return status, ctype, ""
    return status, ctype, body


class Proxy:
    """Plain HTTP in front of the emulator's HTTPS; ``transform`` reshapes each answer."""

    def __init__(self, emulator, transform):
        upstream = requests.Session()
        upstream.trust_env = False
        upstream.verify = emulator.ca_path
        log = self.log = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else None
                headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "content-length"))
                answer = upstream.request(self.command, emulator.url + self.path, data=data, headers=headers,
                                          allow_redirects=False)
                ctype = answer.headers.get("Content-Type", "")
                status, ctype, body = transform(self.command, self.path, answer.status_code, ctype, answer.text)
                log.append((self.command, self.path.split("?")[0], status))
                payload = body.encode("utf-8")
                self.send_response(status)
                for name in ("Set-Cookie",):
                    for value in answer.raw.headers.getlist(name) if hasattr(answer.raw.headers, "getlist") else []:
                        self.send_header(name, value)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = _forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.port = self.server.server_address[1]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def through(emulator, tmp_path, monkeypatch):
    """Connection options that reach the emulator through a reshaping proxy."""
    monkeypatch.setenv("HOME", str(tmp_path))
    proxies = []

    def connect(transform, api_format="json"):
        proxy = Proxy(emulator, transform)
        proxies.append(proxy)
        return proxy, dict(hostname="127.0.0.1", port=proxy.port, username=USER, password=PASSWORD,
                           use_ssl=False, timeout=10, api_format=api_format)
    yield connect
    for proxy in proxies:
        proxy.stop()


def test_split_list_shapes():
    one = {"ObjectId": "1", "DisplayName": "HQ"}
    assert split_list({"@total": "1", "PhoneSystem": one}, "PhoneSystem") == (1, [one])
    assert split_list({"PhoneSystems": {"@total": "2", "PhoneSystem": [one, one]}}, "PhoneSystem")[0] == 2
    assert split_list({"PhoneSystem": one}, "PhoneSystem") == (None, [one])       # XML, root is the item
    assert split_list(dict(one), "PhoneSystem") == (None, [one])                  # JSON, the bare item
    assert split_list({"PhoneSystem": [one]}, "PhoneSystem") == (None, [one])     # JSON without @total
    assert split_list({"@total": " 0 "}, "PhoneSystem") == (0, [])
    assert split_list({"@total": "1", "PhoneSystem": {"ObjectId": "\n 1 \n"}}, "PhoneSystem") == (1, [{"ObjectId": "1"}])


@pytest.mark.parametrize("api_format", ["json", "xml"])
def test_a_list_of_one_as_a_bare_object(emulator, connection, through, api_format):
    run(phone_system, connection, name="HQ")
    proxy, conn = through(bare_single, api_format)
    info = run(telephony_info, conn, gather_subset=["phone_systems"])
    assert [p["name"] for p in info["phone_systems"]] == ["HQ"]
    again = run(phone_system, conn, name="HQ")
    assert again["changed"] is False
    assert [m for m, _p, _s in proxy.log if m != "GET"] == []


def test_json_without_total(emulator, connection, through):
    for name in ("HQ", "BRANCH"):
        run(phone_system, connection, name=name)
    proxy, conn = through(no_total)
    info = run(telephony_info, conn, gather_subset=["phone_systems"])
    assert sorted(p["name"] for p in info["phone_systems"]) == ["BRANCH", "HQ"]
    assert run(phone_system, conn, name="BRANCH")["changed"] is False


@pytest.mark.parametrize("api_format", ["json", "xml"])
def test_values_wrapped_in_white_space(emulator, connection, through, api_format):
    run(phone_system, connection, name="HQ", call_loop_guard_time_ms=3000, mwi_port_memory=True)
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    proxy, conn = through(padded, api_format)
    again = run(phone_system, conn, name="HQ", call_loop_guard_time_ms=3000, mwi_port_memory=True)
    assert again["changed"] is False
    assert again["phone_system"]["call_loop_guard_time_ms"] == 3000
    group = run(port_group, conn, name="HQ-SIP", sip_transport_protocol="udp")
    assert group["changed"] is False and group["port_group"]["phone_system"] == "HQ"
    assert [m for m, _p, _s in proxy.log if m != "GET"] == []


def test_a_create_answered_without_a_uri(emulator, connection, through):
    run(phone_system, connection, name="HQ")
    run(port_group, connection, name="HQ-SIP", phone_system="HQ", integration="sip", host="10.1.1.10")
    proxy, conn = through(no_uri)
    created = run(phone_system, conn, name="BRANCH")
    assert created["changed"] is True and created["phone_system"]["object_id"]
    servers = run(port_group_servers, conn, port_group="HQ-SIP",
                  servers=[dict(type="sip_proxy", host="10.1.1.11", port=5060)])
    assert servers["changed"] is True
    added = run(ports, conn, port_group="HQ-SIP", count=2)
    assert added["changed"] is True and len(added["ports"]) == 2
    assert [s for m, _p, s in proxy.log if m == "POST"] == [201, 201, 201]
    # Found by their keys, not created twice: the next run changes nothing.
    assert run(phone_system, conn, name="BRANCH")["changed"] is False
    assert len([p for p in emulator.phone_systems() if p["DisplayName"] == "BRANCH"]) == 1
    assert run(ports, conn, port_group="HQ-SIP", count=2)["changed"] is False


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """An emulator that answers at most 50 rows per page, whatever the client asks."""
    emulator = Emulator(tmp_path_factory.mktemp("capped"), "--basic-auth-limit", "0", "--max-rows-per-page", "50",
                        "--license-ports", "400")
    yield emulator
    emulator.stop()


def test_paging_trusts_total(capped, tmp_path, monkeypatch):
    """120 phone systems and 300 ports behind 50-row pages: nothing lost, nothing created twice."""
    monkeypatch.setenv("HOME", str(tmp_path))
    capped.reset()
    conn = dict(hostname="127.0.0.1", port=capped.port, username=USER, password=PASSWORD, use_ssl=True,
                validate_certs=True, ca_path=capped.ca_path, timeout=30, api_format="xml")
    client = CupiClient("127.0.0.1", USER, PASSWORD, port=capped.port, ca_path=capped.ca_path)
    for index in range(120):
        client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "PS-%03d" % index})
    info = run(telephony_info, conn, gather_subset=["phone_systems"])
    assert len(info["phone_systems"]) == 120
    assert run(phone_system, conn, name="PS-110")["changed"] is False
    assert capped.api("GET", "/vmrest/phonesystems").json()["@total"] == "120"

    run(port_group, conn, name="BIG", phone_system="PS-110", integration="sip", host="10.1.1.10")
    assert run(ports, conn, port_group="BIG", count=300)["changed"] is True
    again = run(ports, conn, port_group="BIG", count=300)
    assert again["changed"] is False and len(again["ports"]) == 300
    info = run(telephony_info, conn, gather_subset=["ports", "port_groups"])
    assert len(info["ports"]) == 300 and [g["name"] for g in info["port_groups"]] == ["BIG"]
    capped.clear_log()
    assert run(ports, conn, port_group="BIG", count=300, answer_calls=True)["changed"] is False
    assert [e["method"] for e in capped.requests_log() if e["method"] != "GET"] == []
