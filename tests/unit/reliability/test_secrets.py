# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret in any output: the example integration applied with -vvv, --diff and in
check mode, and every module's registered result dumped to a file. The secrets are the
connection password, the AXL password, a SIP authentication password and the SIP
certificate's PEM certificate and private key (read from the emulator)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import requests
import yaml

from ..conftest import Emulator

from .helpers import COLLECTIONS, EXAMPLE, REPO, ansible_playbook, dump_play, playbook_env

ADMIN_PASSWORD = "Adm1n-pw-4c9e7f21"
AXL_SECRET = "Axl-secret-7d3a9b01"
SIP_SECRET = "Sip-secret-2e8f6c55"


@pytest.fixture(scope="module")
def secret_emulator(tmp_path_factory):
    """An emulator whose administrator has a password found nowhere else."""
    emulator = Emulator(tmp_path_factory.mktemp("secrets"), "--basic-auth-limit", "0",
                        "--users", "admin:%s" % ADMIN_PASSWORD)
    yield emulator
    emulator.stop()


def pem_material(emulator):
    """Lines of the certificates' and private keys' PEM bodies (long enough to be unique)."""
    answer = requests.get(emulator.url + "/vmrest/sipcertificates", auth=("admin", ADMIN_PASSWORD),
                          verify=emulator.ca_path, headers={"Accept": "application/json"}, timeout=10)
    answer.raise_for_status()
    items = answer.json().get("SipCertificate", [])
    items = items if isinstance(items, list) else [items]
    material = []
    for item in items:
        for field in ("Certificate", "PrivateKey"):
            lines = [line for line in (item.get(field) or "").splitlines() if len(line) >= 40 and "-----" not in line]
            assert lines, "the emulator gave no %s" % field
            material += lines
    return material


def assert_clean(text, material, where):
    for secret in [ADMIN_PASSWORD, AXL_SECRET, SIP_SECRET] + material:
        if secret in text:
            at = text.index(secret)
            context = text[max(0, at - 1500):at + 100]
            header = [line for line in text[:at].splitlines() if line.startswith(("TASK [", "ok:", "changed:"))]
            raise AssertionError("%s shows a secret %s... after %s:\n%s" % (
                where, secret[:12], header[-3:], context))
    assert "PRIVATE KEY" not in text, where


APPLY_RUNS = ["apply -vvv --diff", "apply sip -vvv --diff", "apply sip --check -vvv --diff",
              "apply sip, new password, --check"]
OTHER_RUNS = ["dump play -vvv", "registered results"]


@pytest.fixture(scope="module")
def runs(secret_emulator, tmp_path_factory):
    """{label: output} of every run, and the PEM material to look for."""
    return run_everything(secret_emulator, tmp_path_factory.mktemp("runs"))


@pytest.mark.parametrize("label", APPLY_RUNS + OTHER_RUNS)
def test_no_secret_in_the_output(runs, label):
    outputs, material = runs
    assert_clean(outputs[label], material, label)


def run_everything(emulator, tmp_path):
    emulator.admin.post(emulator.url + "/__emulator__/config", json={"reset_seconds": 0.2}).raise_for_status()
    env = playbook_env(emulator, tmp_path, CUPI_PASSWORD=ADMIN_PASSWORD)
    outputs = []

    # 1. the example as the README runs it, the AXL password on the command line
    rc, output = ansible_playbook(env, "cupi.telephony.apply", "-e", "@" + EXAMPLE,
                                  "-e", "vault_axl_password=%s" % AXL_SECRET, "-vvv", "--diff")
    assert rc == 0, output[-3000:]
    outputs.append(("apply -vvv --diff", output))
    material = pem_material(emulator)

    # 2. the example with SIP authentication, the secrets from an extra vars file and the
    #    connection password as a variable instead of the environment
    variables = yaml.safe_load(open(EXAMPLE).read())
    sip = variables["cupi_phone_systems"][0]["port_groups"][0]
    sip["settings"].update(sip_authenticate=True, sip_authenticate_as_user="cuc",
                           sip_authenticate_password="{{ vault_sip_password }}")
    vars_file, secrets_file = tmp_path / "sip.yml", tmp_path / "secrets.yml"
    vars_file.write_text(yaml.safe_dump(variables))
    secrets_file.write_text(yaml.safe_dump(dict(vault_axl_password=AXL_SECRET, vault_sip_password=SIP_SECRET,
                                                cupi_password=ADMIN_PASSWORD)))
    no_env = dict(env)
    no_env.pop("CUPI_PASSWORD")
    for label, extra in (("apply sip -vvv --diff", []), ("apply sip --check -vvv --diff", ["--check"])):
        rc, output = ansible_playbook(no_env, "cupi.telephony.apply", "-e", "@%s" % vars_file,
                                      "-e", "@%s" % secrets_file, "-vvv", "--diff", *extra)
        assert rc == 0, output[-3000:]
        outputs.append((label, output))
    # a password that changes (update_password: always) in check and diff mode
    rc, output = ansible_playbook(no_env, "cupi.telephony.apply", "-e", "@%s" % vars_file, "-e",
                                  "@%s" % secrets_file, "-e", "vault_sip_password=%s-new" % SIP_SECRET,
                                  "-vvv", "--diff", "--check")
    outputs.append(("apply sip, new password, --check", output))

    # 3. every module, its result registered and dumped as a user would
    connection = dict(password=ADMIN_PASSWORD)
    tasks = [
        {"name": "axl", "cupi.telephony.axl_servers": dict(connection, phone_system="CUCM-HQ",
                                                           update_password="always", servers=[
                                                               dict(host="10.1.1.10", username="axluser",
                                                                    password=AXL_SECRET)])},
        {"name": "axl-check", "cupi.telephony.axl_servers": dict(connection, phone_system="CUCM-HQ",
                                                                 state="replaced", update_password="always",
                                                                 servers=[dict(host="10.9.9.9",
                                                                               password=AXL_SECRET)]),
         "check_mode": True, "diff": True},
        {"name": "sip", "cupi.telephony.port_group": dict(connection, name="CUCM-HQ-SIP", update_password="always",
                                                          sip_authenticate_password=SIP_SECRET), "diff": True},
        {"name": "certificate", "cupi.telephony.sip_certificate": dict(connection, name="cuc-sip",
                                                                       subject_name="cuc-sip.example.com")},
        {"name": "info", "cupi.telephony.telephony_info": dict(connection)},
        {"name": "wrong-password",
         "cupi.telephony.phone_system": dict(password=ADMIN_PASSWORD + "x", name="CUCM-HQ")},
        {"name": "bad-option", "cupi.telephony.port_group": dict(connection, name="CUCM-HQ-SIP",
                                                                 sip_authenticate_password=SIP_SECRET,
                                                                 delay_before_opening_ms=99999)},
    ]
    dump = tmp_path / "results.json"
    play = tmp_path / "dump.yml"
    play.write_text(yaml.safe_dump(dump_play(tasks, dump, "dump"), sort_keys=False))
    rc, output = ansible_playbook(no_env, str(play), "-vvv")
    assert rc == 0, output[-3000:]
    outputs.append(("dump play -vvv", output))
    results = json.loads(dump.read_text())
    assert results["info"]["sip_certificates"], results["info"]
    assert results["wrong-password"]["failed"] and results["bad-option"]["failed"]
    outputs.append(("registered results", json.dumps(results)))

    return dict(outputs), material


def test_no_secret_on_disk(secret_emulator, tmp_path):
    """The example (with its SIP certificate) applied, then a run that ends on a read: no
    file the runs left (session cache, run cache, temporary files) holds a password, a
    certificate or its private key."""
    home = tmp_path / "home"
    home.mkdir()
    env = playbook_env(secret_emulator, home, CUPI_PASSWORD=ADMIN_PASSWORD)
    rc, output = ansible_playbook(env, "cupi.telephony.apply", "-e", "@" + EXAMPLE,
                                  "-e", "vault_axl_password=%s" % AXL_SECRET)
    assert rc == 0, output[-3000:]
    play = tmp_path / "read.yml"
    play.write_text(yaml.safe_dump([{"name": "read", "hosts": "localhost", "connection": "local",
                                     "gather_facts": False, "tasks": [
                                         {"name": "certificates", "cupi.telephony.telephony_info": {
                                             "gather_subset": ["sip_certificates", "axl_servers"]}}]}]))
    rc, output = ansible_playbook(env, str(play))
    assert rc == 0, output[-3000:]
    material = pem_material(secret_emulator)
    files = [path for path in home.rglob("*") if path.is_file()]
    assert any(path.name.endswith(".run") for path in files), "the run cache was not written: %s" % files
    for path in files:
        assert_clean(path.read_bytes().decode("utf-8", "replace"), material, str(path))


def test_the_demo_password_masks_no_word_of_the_output(tmp_path):
    """The emulator as tools/emulator.sh starts it for make demo (its default administrator):
    Ansible masks every occurrence of a no_log value in the output, so the demo password is a
    string that no message holds; a warning about passwords reads whole."""
    script = os.path.join(REPO, "tools", "emulator.sh")
    run_env = dict(os.environ, CUPI_EMULATOR_DIR=str(tmp_path / "emulator"))
    subprocess.run([script, "start"], env=run_env, check=True, capture_output=True, timeout=120)
    try:
        exports = subprocess.run([script, "env"], env=run_env, check=True, capture_output=True, text=True).stdout
        env = dict(run_env, HOME=str(tmp_path), ANSIBLE_NOCOLOR="1", ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                   ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_LOCAL_TEMP=str(tmp_path / ".ansible" / "tmp"))
        env.update(line[len("export "):].split("=", 1) for line in exports.splitlines())
        assert env["CUPI_PASSWORD"] == "Cupi-Demo-1"
        server = {"host": "10.1.1.10", "username": "axl", "password": AXL_SECRET}
        servers = {"phone_system": "CUCM-HQ", "servers": [server]}
        play = tmp_path / "demo.yml"
        play.write_text(yaml.safe_dump([{"hosts": "localhost", "connection": "local", "gather_facts": False,
                                         "tasks": [{"cupi.telephony.phone_system": {"name": "CUCM-HQ"}},
                                                   {"cupi.telephony.axl_servers": servers},
                                                   {"cupi.telephony.axl_servers": servers}]}]))
        rc, output = ansible_playbook(env, str(play))
    finally:
        subprocess.run([script, "stop"], env=run_env, check=False, capture_output=True, timeout=60)
    assert rc == 0, output[-3000:]
    text = " ".join(output.split())
    assert ("[WARNING]: password not compared or sent for AXL server 10.1.1.10 of phone system CUCM-HQ: it "
            "exists, and update_password is on_create (the server never returns a password)") in text, output
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in output
    assert "Cupi-Demo-1" not in output and AXL_SECRET not in output
