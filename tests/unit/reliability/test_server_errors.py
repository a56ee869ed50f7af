# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server errors reach the user whole: HTTP status, CUPI code, message, method and path.
Failed authentication reads as such, and malformed answers (cut XML or JSON, HTML on a
500, a wrong content type) give a clear error, never a traceback. The malformed answers
come from a small http.server on 127.0.0.1 (a real socket)."""

from __future__ import annotations

import http.server
import re
import threading

import pytest

from ansible_collections.cupi.telephony.plugins.module_utils.client import CupiClient, CupiError

from .helpers import drive, make_objects, ok, writes


# -- the emulator's errors -------------------------------------------------------------------
@pytest.mark.parametrize("api_format", ["xml", "json"])
def test_refused_delete_names_status_code_message_method_path(connection, emulator, api_format):
    connection = dict(connection, api_format=api_format)
    make_objects(connection)
    emulator.seed_association("HQ", "jdoe", "John Doe")
    failed, msg, result = drive("phone_system", connection, name="HQ", state="absent")
    assert failed
    system_id = [p for p in emulator.phone_systems() if p["DisplayName"] == "HQ"][0]["ObjectId"]
    assert msg.startswith("HTTP 400 DATA_EXCEPTION: Cannot delete phone system HQ")
    assert "jdoe" in msg
    assert msg.endswith("(DELETE /vmrest/phonesystems/%s)" % system_id)
    error = result["error"]
    assert error["status"] == 400 and error["code"] == "DATA_EXCEPTION"
    assert error["method"] == "DELETE" and error["path"] == "/vmrest/phonesystems/%s" % system_id
    assert "jdoe" in error["message"]


@pytest.mark.parametrize("api_format", ["xml", "json"])
def test_server_side_refusal_of_a_create(connection, emulator, api_format):
    """A licence overrun is only known to the server: its refusal, whole, before any port."""
    connection = dict(connection, api_format=api_format)
    make_objects(connection)
    failed, msg, result = drive("ports", connection, port_group="HQ-SIP", count=600)
    assert failed
    assert re.match(r"HTTP 400 DATA_EXCEPTION: .*licen[cs]e.* \(POST /vmrest/ports\)$", msg, re.I), msg
    assert result["error"]["path"] == "/vmrest/ports"
    assert emulator.api("GET", "/vmrest/ports").json().get("@total") == "0"


@pytest.mark.parametrize("api_format", ["xml", "json"])
def test_wrong_password_reads_as_authentication_failure(connection, emulator, api_format):
    connection = dict(connection, password="wrong-Pa55", api_format=api_format)
    failed, msg, result = drive("phone_system", connection, name="HQ")
    assert failed
    assert msg == ("HTTP 401: authentication failed for admin at 127.0.0.1:%d (GET /vmrest/phonesystems)"
                   % emulator.port)
    assert "<" not in msg and "wrong-Pa55" not in str(result)
    assert result["error"]["status"] == 401


def test_unknown_host_port_is_a_connection_error(connection):
    # a port nothing listens on: the client retries the GET, then says so
    connection = dict(connection, port=1, timeout=2)
    failed, msg, _result = drive("phone_system", connection, name="HQ")
    assert failed
    assert msg.startswith("cannot connect to 127.0.0.1:1: ")
    assert msg.endswith("(GET /vmrest/phonesystems)")


# -- malformed answers from a local http.server ----------------------------------------------
CUT_XML = '<?xml version="1.0"?><PhoneSystems total="2"><PhoneSystem><ObjectId>1</ObjectId><Displ'
CUT_JSON = '{"@total": "2", "PhoneSystem": [{"ObjectId": "1", "DisplayName": "HQ"}, {"ObjectId": "2", "Disp'
HTML_500 = ("<html><head><title>Apache Tomcat/9.0 - Error report</title></head><body><h1>HTTP Status 500 - "
            "Internal Server Error</h1><p>java.lang.NullPointerException</p></body></html>")
PLAIN = "hello, this is not CUPI"

# name: (status, content type, body) of every answer
ANSWERS = {
    "cut-xml": (200, "application/xml", CUT_XML),
    "cut-json": (200, "application/json", CUT_JSON),
    "html-500": (500, "text/html;charset=utf-8", HTML_500),
    "plain-text-200": (200, "text/plain", PLAIN),
    "json-labelled-xml": (200, "application/xml", '{"@total": "1"}'),
    "xml-labelled-json": (200, "application/json", "<PhoneSystems total='0'/>"),
    "total-not-a-number": (200, "application/json", '{"@total": "many", "PhoneSystem": []}'),
    "json-array": (200, "application/json", "[1, 2, 3]"),
    "json-scalar": (200, "application/json", '"just a string"'),
    "empty-200-on-list": (200, "application/json", ""),
    "error-without-details": (400, "application/json", '{"unexpected": true}'),
    "cut-error-xml": (404, "application/xml", "<ErrorDetails><errors><code>NOT_FO"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    answer = ANSWERS["cut-xml"]
    seen = []

    def _answer(self):
        type(self).seen.append((self.command, self.path.split("?")[0]))
        status, content_type, body = type(self).answer
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Set-Cookie", "JSESSIONIDSSO=abc; Path=/")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = _answer

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def bad_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield server
    server.shutdown()
    server.server_close()


def serve(answer):
    Handler.answer = ANSWERS[answer]


@pytest.mark.parametrize("api_format", ["xml", "json"])
@pytest.mark.parametrize("answer", sorted(ANSWERS))
def test_malformed_answers_give_a_clear_error(bad_server, answer, api_format):
    serve(answer)
    port = bad_server.server_address[1]
    client = CupiClient("127.0.0.1", "admin", "Cupi-Demo-1", port=port, use_ssl=False, timeout=5,
                        api_format=api_format, retries=0)
    status = ANSWERS[answer][0]
    try:
        rows = client.list("/vmrest/phonesystems", "PhoneSystem")
    except CupiError as exc:
        text = str(exc)
        assert text.startswith("HTTP %d" % status)
        assert text.endswith("(GET /vmrest/phonesystems)")
        if status == 200:
            assert "malformed answer" in text
        if answer == "html-500":
            assert "Internal Server Error" in exc.message and "<" not in exc.message
        if answer == "error-without-details":
            assert exc.code is None and exc.message
    else:
        # only answers that are a well-formed (if unusual) empty list may pass
        assert answer in ("xml-labelled-json", "empty-200-on-list", "json-labelled-xml"), rows
        assert rows == []


@pytest.mark.parametrize("answer", sorted(ANSWERS))
def test_a_module_against_malformed_answers_fails_cleanly(bad_server, answer, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    serve(answer)
    connection = dict(hostname="127.0.0.1", port=bad_server.server_address[1], username="admin",
                      password="Cupi-Demo-1", use_ssl=False, timeout=5)
    failed, msg, result = drive("phone_system", connection, name="HQ", call_loop_guard_time_ms=100)
    if answer in ("xml-labelled-json", "empty-200-on-list", "json-labelled-xml"):
        # an empty list: the module goes on to create HQ, and the server's answer to the
        # POST (not a URI) or to the GET that follows must be a clean failure too
        assert failed, msg
    else:
        assert failed, msg
        assert msg.endswith("(GET /vmrest/phonesystems)"), msg
        assert result["error"]["status"] == ANSWERS[answer][0]
    assert "Traceback" not in msg
    assert "password" not in msg


def test_get_of_an_object_with_a_cut_answer(bad_server):
    serve("cut-json")
    client = CupiClient("127.0.0.1", "admin", "Cupi-Demo-1", port=bad_server.server_address[1], use_ssl=False,
                        timeout=5, api_format="json", retries=0)
    with pytest.raises(CupiError, match=r"^HTTP 200: malformed answer: .*\(GET /vmrest/phonesystems/1\)$"):
        client.get("/vmrest/phonesystems/1", "PhoneSystem")


def test_create_without_a_uri_in_the_answer(bad_server, tmp_path, monkeypatch):
    """The client cannot say the new id; the module looks for the object by its name and,
    when the server does not list it either, fails after the write with a clear message."""
    serve("empty-200-on-list")
    client = CupiClient("127.0.0.1", "admin", "Cupi-Demo-1", port=bad_server.server_address[1], use_ssl=False,
                        timeout=5, api_format="json", retries=0)
    assert client.create("/vmrest/phonesystems", "PhoneSystem", {"DisplayName": "HQ"}) is None
    monkeypatch.setenv("HOME", str(tmp_path))
    connection = dict(hostname="127.0.0.1", port=bad_server.server_address[1], username="admin",
                      password="Cupi-Demo-1", use_ssl=False, timeout=5)
    failed, msg, _result = drive("phone_system", connection, name="HQ")
    assert failed
    assert msg == ("the server answered the create but did not say the new object's URI, and it cannot be "
                   "found by its key (POST /vmrest/phonesystems)")


def test_no_write_before_a_malformed_read(bad_server, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    serve("cut-xml")
    connection = dict(hostname="127.0.0.1", port=bad_server.server_address[1], username="admin",
                      password="Cupi-Demo-1", use_ssl=False, timeout=5)
    failed, _msg, _result = drive("axl_servers", connection, phone_system="HQ", servers=[dict(host="a")])
    assert failed
    assert writes([dict(method=m, path=p) for m, p in Handler.seen]) == []


def test_emulator_write_log_helper(connection, emulator):
    """writes() sees the module's writes (a guard for the tests that rely on it)."""
    emulator.clear_log()
    ok("phone_system", connection, name="HQ")
    assert writes(emulator.requests_log()) == ["POST /vmrest/phonesystems"]
