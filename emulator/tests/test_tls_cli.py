import os
import shutil
import signal
import subprocess
import sys
import sysconfig

import pytest
import requests

from cupi_emulator import EmulatorServer


def _get(url, verify):
    with requests.Session() as s:
        s.trust_env = False
        return s.get(url, verify=verify, timeout=10)


def test_tls_verifies_with_the_ca_for_ip_and_localhost(server):
    assert server.url.startswith("https://127.0.0.1:")
    for host in ("127.0.0.1", "localhost"):
        r = _get(f"https://{host}:{server.port}/__emulator__/health", server.ca_path)
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "in_flight": 0}


def test_tls_fails_without_the_ca(server):
    with pytest.raises(requests.exceptions.SSLError):
        _get(f"{server.url}/__emulator__/health", True)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
def test_curl_with_cacert(server):
    out = subprocess.run(
        ["curl", "-sS", "--cacert", server.ca_path, "-u", "admin:Cupi-Demo-1",
         f"https://localhost:{server.port}/vmrest/vmsservers"],
        capture_output=True, text=True, timeout=20, check=True)
    assert "<ServerName>cuc-pub</ServerName>" in out.stdout


def test_plain_http_and_no_secure_cookie():
    with EmulatorServer(port=0, tls=False) as srv:
        assert srv.url.startswith("http://")
        r = _get(srv.url + "/__emulator__/health", True)
        assert r.status_code == 200
        with requests.Session() as s:
            s.trust_env = False
            r = s.get(srv.url + "/vmrest/phonesystems", auth=("admin", "Cupi-Demo-1"), timeout=10)
        assert r.status_code == 200
        assert "Secure" not in r.headers["Set-Cookie"]


def _console_script():
    path = os.path.join(sysconfig.get_path("scripts"), "cupi-emulator")
    return [path] if os.path.exists(path) else [sys.executable, "-m", "cupi_emulator"]


def test_console_script_port_0_with_ca_out(tmp_path):
    ca = tmp_path / "ca.pem"
    proc = subprocess.Popen(_console_script() + ["--port", "0", "--ca-out", str(ca), "--users", "bob:pw"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("cupi-emulator listening on https://127.0.0.1:"), line
        port = int(line.rsplit(":", 1)[1])
        assert port > 0
        r = _get(f"https://localhost:{port}/__emulator__/health", str(ca))
        assert r.json() == {"status": "ok", "in_flight": 0}
        with requests.Session() as s:
            s.trust_env = False
            r = s.get(f"https://127.0.0.1:{port}/vmrest/vmsservers", auth=("bob", "pw"), verify=str(ca),
                      timeout=10)
        assert r.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()
        proc.stderr.close()


def test_console_script_help_lists_the_flags():
    out = subprocess.run(_console_script() + ["--help"], capture_output=True, text=True, timeout=20)
    for flag in ("--host", "--port", "--tls", "--no-tls", "--ca-out", "--users", "--latency-ms",
                 "--auth-latency-ms", "--license-ports", "--state-file", "--vms-servers"):
        assert flag in out.stdout
