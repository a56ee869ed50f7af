# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The caches follow Ansible's settings: under ANSIBLE_HOME, or where CUPI_CACHE_DIR says; with
no writable home (an execution environment, a random UID) one warning says so and how to fix
it. Run as an operator runs the example: ansible-playbook against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys

from .test_roles import AXL_PASSWORD_VAR, COLLECTIONS, EXAMPLE, REPO

WARNING = "cannot be written"


def apply(emulator, tmp_path, *extra, **env):
    environment = dict(os.environ, CUPI_HOSTNAME="127.0.0.1", CUPI_PORT=str(emulator.port), CUPI_USERNAME="admin",
                       CUPI_PASSWORD="Cupi-Demo-1", CUPI_CA_PATH=emulator.ca_path, ANSIBLE_NOCOLOR="1",
                       ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_STDOUT_CALLBACK="default",
                       ANSIBLE_LOCAL_TEMP=str(tmp_path / "local-tmp"))
    for name in ("ANSIBLE_HOME", "CUPI_CACHE_DIR"):
        environment.pop(name, None)
    environment.update(env)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "cupi.telephony.apply",
               "-e", AXL_PASSWORD_VAR, "-e", "@" + EXAMPLE] + list(extra)
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False,
                             cwd=REPO)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output[-3000:]
    return output


def basic(emulator):
    return len([e for e in emulator.requests_log() if e.get("auth") == "basic"])


def test_no_writable_home_warns_once_and_says_how_to_fix_it(connection, emulator, tmp_path):
    emulator.clear_log()
    output = apply(emulator, tmp_path, HOME="/dev/null")
    warnings = [line for line in output.splitlines() if WARNING in line]
    assert len(warnings) == 1, warnings
    assert "/dev/null/.ansible/cupi" in warnings[0] and "CUPI_CACHE_DIR" in output
    assert basic(emulator) > 1  # without the cache, each task authenticates


def test_cupi_cache_dir_gives_the_caches_a_home(connection, emulator, tmp_path):
    emulator.clear_log()
    output = apply(emulator, tmp_path, HOME="/dev/null", CUPI_CACHE_DIR=str(tmp_path / "cache"))
    assert WARNING not in output
    assert basic(emulator) == 1
    assert any(name.endswith(".run") for name in os.listdir(str(tmp_path / "cache")))


def test_the_caches_follow_ansible_home(connection, emulator, tmp_path):
    emulator.clear_log()
    output = apply(emulator, tmp_path, HOME="/dev/null", ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    assert WARNING not in output
    assert basic(emulator) == 1
    assert os.listdir(str(tmp_path / "ansible-home" / "cupi"))


def test_the_role_variable_cupi_cache_dir(connection, emulator, tmp_path):
    emulator.clear_log()
    output = apply(emulator, tmp_path, "-e", "cupi_cache_dir=%s" % (tmp_path / "var-cache"), HOME="/dev/null")
    assert WARNING not in output
    assert basic(emulator) == 1
    assert os.listdir(str(tmp_path / "var-cache"))
