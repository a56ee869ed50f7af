# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print tests/integration/integration_config.yml for a real Unity Connection (``make test-live``).

Takes the connection from the CUPI_* environment variables; leaves out ``cupi_emulator_url``,
so that the targets skip their emulator-only steps (request log, fault injection).
"""

from __future__ import annotations

import json
import os
import sys

BOOLEAN = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def main():
    env = os.environ
    missing = [name for name in ("CUPI_HOSTNAME", "CUPI_USERNAME", "CUPI_PASSWORD") if not env.get(name)]
    if missing:
        sys.exit("live_config.py: set %s" % ", ".join(missing))
    config = {
        "cupi_hostname": env["CUPI_HOSTNAME"],
        "cupi_port": int(env.get("CUPI_PORT") or 443),
        "cupi_username": env["CUPI_USERNAME"],
        "cupi_password": env["CUPI_PASSWORD"],
        "cupi_use_ssl": BOOLEAN[(env.get("CUPI_USE_SSL") or "true").lower()],
        "cupi_validate_certs": BOOLEAN[(env.get("CUPI_VALIDATE_CERTS") or "true").lower()],
    }
    if env.get("CUPI_CA_PATH"):
        config["cupi_ca_path"] = os.path.abspath(os.path.expanduser(env["CUPI_CA_PATH"]))
    if env.get("CUPI_API_FORMAT"):
        config["cupi_api_format"] = env["CUPI_API_FORMAT"]
    print("---")
    print("# Written by make test-live from the CUPI_* variables; not kept in git.")
    for key, value in config.items():
        # JSON scalars are valid YAML and quote whatever a password holds.
        print("%s: %s" % (key, json.dumps(value)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
