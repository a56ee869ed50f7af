# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The connection options of every cupi.telephony module."""

    # Every module extends DOCUMENTATION and HOSTNAME. ``hostname`` has no alias: ``host``
    # is a port group's or a server's own address, and a connection option must never share
    # a name with a module's option (module_defaults would hand it to both).
    HOSTNAME = r"""
options:
  hostname:
    description:
      - Host name or IP address of the Unity Connection server (the publisher of the cluster).
      - If not set, the value of the E(CUPI_HOSTNAME) environment variable is used.
    type: str
    required: true
"""

    DOCUMENTATION = r"""
options:
  port:
    description:
      - TCP port of the CUPI REST API.
      - If not set, the value of the E(CUPI_PORT) environment variable is used.
    type: int
    default: 443
  username:
    description:
      - Name of a Unity Connection administrator with the right to change telephony
        integrations (the System Administrator role).
      - If not set, the value of the E(CUPI_USERNAME) environment variable is used.
    type: str
    required: true
  password:
    description:
      - Password of O(username). Never shown in results or logs.
      - If not set, the value of the E(CUPI_PASSWORD) environment variable is used.
    type: str
    required: true
  use_ssl:
    description:
      - Use HTTPS. Only set to V(false) for a lab server or emulator without TLS.
      - If not set, the value of the E(CUPI_USE_SSL) environment variable is used.
    type: bool
    default: true
  validate_certs:
    description:
      - Verify the server's TLS certificate against O(ca_path) or the system's CA bundle.
      - Set to V(false) only for a lab server; the module then warns on every run.
      - If not set, the value of the E(CUPI_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of the CA certificates that signed the server's certificate,
        for example the Unity Connection Tomcat certificate's issuer.
      - If not set, the value of the E(CUPI_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each answer from the server.
      - If not set, the value of the E(CUPI_TIMEOUT) environment variable is used.
    type: int
    default: 30
  api_format:
    description:
      - The format of requests and answers on the wire. Both give the same results;
        V(json) is a little smaller.
      - If not set, the value of the E(CUPI_API_FORMAT) environment variable is used.
    type: str
    choices: [xml, json]
    default: xml
  session_cache:
    description:
      - Keep the server's session cookie between tasks, in a file only the user can read
        in O(cache_dir), so that a play authenticates with Basic once instead of once per
        task, and share the lists a run reads between its tasks. Unity Connection answers 503
        to a third Basic authentication within a second, and each one costs it more than a
        request with the session cookie.
      - Set to V(false) to authenticate once per task and keep nothing on disk.
      - If not set, the value of the E(CUPI_SESSION_CACHE) environment variable is used.
    type: bool
    default: true
  cache_dir:
    description:
      - The folder of the session and run caches and of the writer locks (created, mode 0700).
      - When not set, C(cupi) under Ansible's home (the E(ANSIBLE_HOME) setting,
        C(~/.ansible) by default), so that it follows Ansible's own settings.
      - When the folder cannot be written (an execution environment with no writable home, a
        random user id), the task says so in a warning (once per run) and runs without the
        caches; give a writable folder here, for example C(/tmp/cupi).
      - If not set, the value of the E(CUPI_CACHE_DIR) environment variable is used.
    type: path
requirements:
  - requests
  - xmltodict
notes:
  - The module runs on the Ansible controller through an action plugin of the same name;
    no module is copied to a managed host. The Python libraries above are needed in the
    controller's Python.
  - Every module of this collection is in the action group C(cupi.telephony.cupi), so a play
    can set the connection once with C(module_defaults) and C(group/cupi.telephony.cupi).
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the server.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/cupi.telephony.cupi) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - cupi.telephony.cupi
"""

    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying the server.
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: The module changes nothing.
  action_group:
    description: Use C(group/cupi.telephony.cupi) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - cupi.telephony.cupi
"""
