# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CUPI client against the emulator (and, for faults the emulator cannot yet
make, a small flaky HTTP server), always over a real socket."""

from __future__ import annotations

import http.server
import socket
import threading
import warnings

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cupi.telephony.plugins.module_utils.client import (
    CupiClient,
    CupiError,
    build_query,
    split_list,
)
from ansible_collections.cupi.telephony.plugins.modules import telephony_info

FORMATS = ["xml", "json"]
USER, PASSWORD = "admin", "Cupi-Demo-1"


def make_client(connection, **overrides):
    options = dict(connection)
    options.update(overrides)
    return CupiClient(**options)


@pytest.mark.parametrize("api_format", FORMATS)
def test_create_get_update_list_delete(connection, emulator, api_format):
    client = make_client(connection, api_format=api_format)
    object_id = client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "PS A"})
    obj = client.get("/vmrest/phonesystems/%s" % object_id, "PhoneSystem")
    assert obj["DisplayName"] == "PS A"
    assert obj["ObjectId"] == object_id
    assert obj["CallLoopGuardTimeMs"] == "2500"

    client.update("/vmrest/phonesystems/%s" % object_id, "PhoneSystem", {"CallLoopGuardTimeMs": 3000})
    assert [p["CallLoopGuardTimeMs"] for p in emulator.phone_systems()] == ["3000"]

    rows = client.list("/vmrest/phonesystems", "PhoneSystem")
    assert [r["DisplayName"] for r in rows] == ["PS A"]  # one item is still a list

    client.delete("/vmrest/phonesystems/%s" % object_id)
    assert client.list("/vmrest/phonesystems", "PhoneSystem") == []  # none is an empty list


@pytest.mark.parametrize("api_format", FORMATS)
def test_one_basic_authentication_per_run(connection, emulator, api_format):
    client = make_client(connection, api_format=api_format)
    emulator.clear_log()
    client.list("/vmrest/phonesystems", "PhoneSystem")
    client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "one"})
    client.list("/vmrest/phonesystems", "PhoneSystem")
    log = emulator.requests_log()
    assert [entry["auth"] for entry in log] == ["basic", "session", "session"]
    assert client.stats == {"requests": 3, "basic_auth": 1}


def test_expired_session_authenticates_again_once(connection, emulator):
    client = make_client(connection)
    client.list("/vmrest/phonesystems", "PhoneSystem")
    emulator.reset()  # forgets every session: the next cookie is refused with 401
    assert client.list("/vmrest/phonesystems", "PhoneSystem") == []
    assert [(e["status"], e["auth"]) for e in emulator.requests_log()] == [(401, "none"), (200, "basic")]


def test_wrong_password_is_one_clear_line(connection, emulator):
    client = make_client(connection, password="wrong")
    with pytest.raises(CupiError) as caught:
        client.list("/vmrest/phonesystems", "PhoneSystem")
    text = str(caught.value)
    assert text == ("HTTP 401: authentication failed for admin at 127.0.0.1:%d (GET /vmrest/phonesystems)"
                    % emulator.port)
    assert "wrong" not in text


def test_server_error_carries_status_code_message_method_path(connection, emulator):
    client = make_client(connection, api_format="json")
    with pytest.raises(CupiError) as caught:
        client.get("/vmrest/phonesystems/0000", "PhoneSystem")
    error = caught.value
    assert (error.status, error.code, error.method, error.path) == (404, "NOT_FOUND", "GET", "/vmrest/phonesystems/0000")
    assert "ObjectId=0000" in error.message
    assert str(error).startswith("HTTP 404 NOT_FOUND: ")


def test_tls_without_the_ca_is_refused_with_advice(connection, emulator):
    client = make_client(connection, ca_path=None)
    with pytest.raises(CupiError) as caught:
        client.list("/vmrest/phonesystems", "PhoneSystem")
    assert "TLS verification of 127.0.0.1:%d failed" % emulator.port in str(caught.value)
    assert "ca_path" in str(caught.value)
    unverified = make_client(connection, ca_path=None, validate_certs=False)
    assert unverified.list("/vmrest/phonesystems", "PhoneSystem") == []


def test_paging_reads_every_row(connection, emulator):
    for index in range(7):
        emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": "PS %d" % index})
    emulator.clear_log()
    client = make_client(connection, page_size=3)
    rows = client.list("/vmrest/phonesystems", "PhoneSystem")
    assert sorted(r["DisplayName"] for r in rows) == ["PS %d" % i for i in range(7)]
    pages = [e["query"] for e in emulator.requests_log()]
    assert len(pages) == 3
    assert all("rowsPerPage=3" in q for q in pages)


@pytest.mark.parametrize("name", ["Plain", "With Spaces", "Ampersand & Co", "Paren (lab)"])
def test_query_finds_names_with_special_characters(connection, emulator, name):
    emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": name})
    emulator.api("POST", "/vmrest/phonesystems", json={"DisplayName": "Other"})
    client = make_client(connection)
    query = build_query("DisplayName", name)
    rows = client.list("/vmrest/phonesystems", "PhoneSystem", query=query)
    if query is None:  # not expressible as a query: the caller filters the full list
        assert len(rows) == 2
    else:
        assert [r["DisplayName"] for r in rows] == [name]


def test_split_list_shapes():
    assert split_list({"@total": "0"}, "PhoneSystem") == (0, [])
    assert split_list({"@total": "1", "PhoneSystem": {"DisplayName": "a"}}, "PhoneSystem") == (
        1, [{"DisplayName": "a"}])
    assert split_list({"PhoneSystems": {"@total": "2", "PhoneSystem": [
        {"DisplayName": "a", "CcmAXLPassword": None}, {"DisplayName": "b"}]}}, "PhoneSystem") == (
        2, [{"DisplayName": "a", "CcmAXLPassword": ""}, {"DisplayName": "b"}])
    assert split_list({"PhoneSystems": {"@total": "0"}}, "PhoneSystem") == (0, [])


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first ``failures`` requests, then an empty list."""

    failures = 2
    seen = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).seen.append(self.path)
        if len(type(self).seen) <= type(self).failures:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'<PhoneSystems total="0"/>'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_server():
    _Flaky.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_get_is_retried_on_503(flaky_server):
    client = CupiClient("127.0.0.1", "admin", "pw", port=flaky_server.server_address[1],
                        use_ssl=False, backoff=0.01)
    assert client.list("/vmrest/phonesystems", "PhoneSystem") == []
    assert len(_Flaky.seen) == 3


def test_post_is_never_retried_blindly(flaky_server):
    client = CupiClient("127.0.0.1", "admin", "pw", port=flaky_server.server_address[1],
                        use_ssl=False, backoff=0.01)
    with pytest.raises(CupiError) as caught:
        client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "x"})
    assert caught.value.status == 503
    assert len(_Flaky.seen) == 1


def test_connection_refused_names_host_and_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = CupiClient("127.0.0.1", "admin", "pw", port=port, use_ssl=False, retries=1, backoff=0.01)
    with pytest.raises(CupiError) as caught:
        client.list("/vmrest/phonesystems", "PhoneSystem")
    assert str(caught.value).startswith("cannot connect to 127.0.0.1:%d" % port)


LISTS = [("/vmrest/phonesystems", "PhoneSystem"), ("/vmrest/portgroups", "PortGroup"),
         ("/vmrest/sipsecurityprofiles", "SipSecurityProfile"), ("/vmrest/sipcertificates", "SipCertificate"),
         ("/vmrest/rtpcodecdefs", "RtpCodecDef"), ("/vmrest/vmsservers", "VmsServer")]


@pytest.fixture
def slow_emulator(emulator):
    """Every request takes 200 ms: requests sent together overlap for certain."""
    config = emulator.url + "/__emulator__/config"
    emulator.admin.post(config, json=dict(latency_ms=200)).raise_for_status()
    yield emulator
    emulator.admin.post(config, json=dict(latency_ms=0)).raise_for_status()


def most_at_once(log):
    """The most requests the server worked on at the same time, from the log's start and end."""
    edges = sorted([(e["time"], 1) for e in log] + [(e["end"], -1) for e in log])
    most = now = 0
    for _when, step in edges:
        now += step
        most = max(most, now)
    return most


@pytest.mark.parametrize("api_format", FORMATS)
def test_lists_are_read_at_once_with_one_session(connection, slow_emulator, api_format):
    """The first read makes the session (the one Basic authentication); the other lists are
    read by at most 3 requests at a time, each with the session's cookie; the rows are those
    of reading each list alone."""
    client = make_client(connection, api_format=api_format)
    client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "At once"})
    alone = [make_client(connection, api_format=api_format).list(path, key) for path, key in LISTS]
    client = make_client(connection, api_format=api_format)  # no session yet
    slow_emulator.clear_log()
    assert client.lists(LISTS) == alone
    log = slow_emulator.requests_log()
    assert sorted((e["method"], e["path"]) for e in log) == sorted(("GET", path) for path, _key in LISTS)
    assert log[0]["auth"] == "basic" and [e["auth"] for e in log[1:]] == ["session"] * 5
    assert most_at_once(log) == 3
    assert client.stats == {"requests": 6, "basic_auth": 1}
    assert [r["DisplayName"] for r in alone[0]] == ["At once"]


def test_lists_fail_with_the_first_error_once_every_read_ended(connection, slow_emulator):
    """A list the server refuses fails the call with its status, method and path; the other
    reads have ended by then (the log holds them all)."""
    client = make_client(connection)
    client.list(*LISTS[0])
    slow_emulator.clear_log()
    with pytest.raises(CupiError) as caught:
        client.lists(LISTS[1:3] + [("/vmrest/portgroups/bogus-id", "PortGroup")] + LISTS[3:])
    assert caught.value.status == 404 and caught.value.method == "GET"
    assert caught.value.path == "/vmrest/portgroups/bogus-id"
    assert len(slow_emulator.requests_log()) == 5


def test_lists_take_the_run_cache_and_read_only_the_others(connection, emulator, tmp_path):
    """With a run cache, a list the run already read is not read again; ``fresh`` reads all."""
    client = make_client(connection, session_cache=str(tmp_path / "cache"), run_id="run-1")
    client.list(*LISTS[0])
    emulator.clear_log()
    client.lists(LISTS[:3])
    assert sorted(e["path"] for e in emulator.requests_log()) == sorted(path for path, _key in LISTS[1:3])
    emulator.clear_log()
    client.lists(LISTS[:3], fresh=True)
    assert sorted(e["path"] for e in emulator.requests_log()) == sorted(path for path, _key in LISTS[:3])


def test_an_expired_cached_session_is_replaced_by_one_basic_authentication(throttled_emulator_process, tmp_path,
                                                                           monkeypatch):
    """A task that starts with a cached session the server has forgotten reads one list alone
    (401, then one Basic authentication), then the others at once with the new session: no
    three Basic authentications at once, which the server would throttle (503)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    throttled_emulator_process.reset()
    options = dict(hostname="127.0.0.1", port=throttled_emulator_process.port, username=USER, password=PASSWORD,
                   ca_path=throttled_emulator_process.ca_path, session_cache=str(tmp_path / "cache"))
    CupiClient(**options).list(*LISTS[0])  # the session the next task starts with
    throttled_emulator_process.reset()  # the server forgets it
    client = CupiClient(**options)
    client.lists(LISTS)
    log = throttled_emulator_process.requests_log()
    assert [(e["status"], e["auth"]) for e in log[:2]] == [(401, "none"), (200, "basic")]
    assert [(e["status"], e["auth"]) for e in log[2:]] == [(200, "session")] * 5
    assert client.stats == {"requests": 7, "basic_auth": 1}


def test_no_warning_reaches_the_task_from_the_reads_at_once(connection, emulator):
    """validate_certs=false is warned about once per task (by the module), not once per request:
    urllib3's warnings are silenced in every stream, and the process's warning filters are
    left as they were."""
    filters = list(warnings.filters)
    client = make_client(connection, validate_certs=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inside = list(warnings.filters)
        for _round in range(10):
            client.lists(LISTS, fresh=True)
        assert warnings.filters == inside
    assert [str(w.message) for w in caught] == []
    assert warnings.filters == filters


def test_telephony_info_reads_its_lists_at_once(connection, slow_emulator):
    """The module, as a task runs it: the lists under no other object at once (at most 3 in
    flight), then what hangs under a port group; what it returns is the server's."""
    make_client(connection).create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "Read at once"})
    params = dict(connection, gather_subset=["phone_systems", "port_groups", "sip_security_profiles",
                                             "sip_certificates", "rtp_codecs", "vms_servers"])
    validation = ArgumentSpecValidator(telephony_info.Runner.full_argument_spec()).validate(params)
    slow_emulator.clear_log()
    result = telephony_info.Runner(validation.validated_parameters).execute()
    log = slow_emulator.requests_log()
    assert sorted(e["path"] for e in log) == sorted(path for path, _key in LISTS)
    assert most_at_once(log) == 3
    assert [p["name"] for p in result["phone_systems"]] == ["Read at once"]
