# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests talk to a real CUPI emulator process over TLS on loopback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

USER, PASSWORD = "admin", "Cupi-Demo-1"


def _cleared(response):
    """A reset or a clear of the log refused because requests stayed in flight fails with the
    emulator's reason."""
    if response.status_code == 503:
        raise AssertionError("emulator: %s" % response.json()["error"])
    response.raise_for_status()


class Emulator:
    """A cupi-emulator process and its admin endpoints."""

    def __init__(self, tmp_dir, *flags):
        self.ca_path = str(tmp_dir / "ca.pem")
        script = os.path.join(os.path.dirname(sys.executable), "cupi-emulator")
        self.process = subprocess.Popen(
            [script, "--port", "0", "--ca-out", self.ca_path, "--users", "%s:%s" % (USER, PASSWORD)] + list(flags),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().strip()
        if "listening on" not in line:
            self.process.kill()
            raise RuntimeError("the emulator did not start: %r" % line)
        self.url = line.rsplit(" ", 1)[-1]
        self.port = int(self.url.rsplit(":", 1)[-1])
        self.admin = requests.Session()
        # REQUESTS_CA_BUNDLE in the environment would win over Session.verify.
        self.admin.trust_env = False
        self.admin.verify = self.ca_path

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    # -- admin endpoints ----------------------------------------------------------
    def reset(self):
        """The initial state and an empty log, once the requests of earlier tests have ended
        (the emulator waits for them, up to 30 s)."""
        _cleared(self.admin.post(self.url + "/__emulator__/reset"))

    def health(self):
        response = self.admin.get(self.url + "/__emulator__/health")
        response.raise_for_status()
        return response.json()

    def requests_log(self):
        response = self.admin.get(self.url + "/__emulator__/requests")
        response.raise_for_status()
        return response.json()

    def clear_log(self):
        """An empty log, once the requests in flight have ended (up to 30 s)."""
        _cleared(self.admin.delete(self.url + "/__emulator__/requests"))

    def seed_association(self, phone_system, alias, display_name):
        response = self.admin.post(self.url + "/__emulator__/associations", json=dict(
            phone_system=phone_system, alias=alias, display_name=display_name))
        response.raise_for_status()

    def axl_password(self, axl_id):
        response = self.admin.get(self.url + "/__emulator__/secrets/axlservers/%s" % axl_id)
        response.raise_for_status()
        return response.json()["password"]

    # -- the API as a stock client sees it -------------------------------------------
    def api(self, method, path, **kwargs):
        headers = kwargs.pop("headers", {})
        headers.setdefault("Accept", "application/json")
        response = requests.request(method, self.url + path, auth=(USER, PASSWORD), verify=self.ca_path,
                                    headers=headers, **kwargs)
        response.raise_for_status()
        return response

    def phone_systems(self):
        body = self.api("GET", "/vmrest/phonesystems").json()
        items = body.get("PhoneSystem", [])
        return items if isinstance(items, list) else [items]


@pytest.fixture(scope="session")
def emulator_process(tmp_path_factory):
    # The Basic-authentication throttle is off here so that the tests can count requests;
    # test_throttle.py runs an emulator with it on.
    emulator = Emulator(tmp_path_factory.mktemp("emulator"), "--basic-auth-limit", "0")
    yield emulator
    emulator.stop()


@pytest.fixture(scope="session")
def throttled_emulator_process(tmp_path_factory):
    """An emulator as strict as a real server: a third Basic authentication within a second gets 503."""
    emulator = Emulator(tmp_path_factory.mktemp("throttled"))
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(emulator_process):
    emulator_process.reset()
    return emulator_process


@pytest.fixture
def connection(emulator, tmp_path, monkeypatch):
    """Module connection options for the emulator; a session cache of the test's own."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return dict(hostname="127.0.0.1", port=emulator.port, username=USER, password=PASSWORD,
                use_ssl=True, validate_certs=True, ca_path=emulator.ca_path, timeout=10,
                api_format="xml")
