# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module takes (one argspec factory, see the
``cupi.telephony.connection`` doc fragment) and the client built from them."""

from __future__ import annotations

import os

from ansible.module_utils.common.parameters import env_fallback

from ansible_collections.cupi.telephony.plugins.module_utils.client import API_FORMATS

# The cache folder under Ansible's home (ANSIBLE_HOME, ~/.ansible by default): session
# cookies, the run's lists, the writer locks.
CACHE_SUBDIR = "cupi"
DEFAULT_ANSIBLE_HOME = os.path.join("~", ".ansible")
NO_CACHE = ("the cache folder %s cannot be written (%s): each task authenticates with Basic (Unity Connection "
            "throttles that) and reads its lists again. Give a writable folder with the connection option "
            "cache_dir or CUPI_CACHE_DIR (for example /tmp/cupi in an execution environment), or set ANSIBLE_HOME")


def cache_folder(params, ansible_home=None):
    """The folder of the session and run caches: ``cache_dir`` (CUPI_CACHE_DIR), else ``cupi``
    under Ansible's home (the action plugin gives Ansible's own ANSIBLE_HOME setting; a plain
    module takes the environment's, else ~/.ansible)."""
    folder = params.get("cache_dir")
    if not folder:
        home = ansible_home or os.environ.get("ANSIBLE_HOME") or DEFAULT_ANSIBLE_HOME
        folder = os.path.join(home, CACHE_SUBDIR)
    return os.path.abspath(os.path.expanduser(folder))


def writable_folder(folder):
    """None when ``folder`` can be made and written to, else why not."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        probe = os.path.join(folder, ".write-test-%d" % os.getpid())
        with open(probe, "w"):
            pass
        os.remove(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def connection_argspec():
    """The argument spec of the connection options, with their env fallbacks. No option
    and no alias here may share a name with a module's own option (tests/unit check it):
    ``module_defaults`` for the action group would hand it to both."""
    spec = dict(
        hostname=dict(type="str", required=True, fallback=(env_fallback, ["CUPI_HOSTNAME"])),
        port=dict(type="int", default=443, fallback=(env_fallback, ["CUPI_PORT"])),
        username=dict(type="str", required=True, fallback=(env_fallback, ["CUPI_USERNAME"])),
        password=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["CUPI_PASSWORD"])),
        use_ssl=dict(type="bool", default=True, fallback=(env_fallback, ["CUPI_USE_SSL"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["CUPI_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["CUPI_CA_PATH"])),
        timeout=dict(type="int", default=30, fallback=(env_fallback, ["CUPI_TIMEOUT"])),
        api_format=dict(type="str", default="xml", choices=list(API_FORMATS),
                        fallback=(env_fallback, ["CUPI_API_FORMAT"])),
        session_cache=dict(type="bool", default=True, fallback=(env_fallback, ["CUPI_SESSION_CACHE"])),
        cache_dir=dict(type="path", fallback=(env_fallback, ["CUPI_CACHE_DIR"])),
    )
    return spec


def check_connection(params):
    """Errors in the connection options that the argument spec cannot express."""
    errors = []
    port = params.get("port")
    if port is not None and not 1 <= port <= 65535:
        errors.append("port must be between 1 and 65535, got %s" % port)
    timeout = params.get("timeout")
    if timeout is not None and timeout < 1:
        errors.append("timeout must be at least 1 second, got %s" % timeout)
    ca_path = params.get("ca_path")
    if ca_path and params.get("use_ssl", True) and params.get("validate_certs", True) and not os.path.exists(ca_path):
        errors.append("ca_path: there is no file %s on the controller; give the PEM file of the CA that signed "
                      "the server's certificate (or a folder of them)" % ca_path)
    return errors
