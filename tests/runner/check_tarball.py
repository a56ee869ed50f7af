# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cupi.telephony contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail when the built collection carries development machinery (``make galaxy-build``).

The artifact must hold the collection only: no emulator (its own pip package), no virtual
environments, test output, scratch space, build tree, caches, state or config files that
the Makefile writes, and no other tarball.
"""

from __future__ import annotations

import fnmatch
import sys
import tarfile

FORBIDDEN = (
    "emulator", "emulator/*", ".venv*", ".tmp", ".tmp/*", "build", "build/*", "dist", "dist/*",
    "collections", "collections/*", ".ansible", ".ansible/*", "tests/output", "tests/output/*",
    "tests/integration/integration_config.yml", "tests/integration/inventory", "tools", "tools/*",
    ".git", ".git/*", ".ci", ".ci/*", "Makefile", "*.tar.gz", "*.state.json", "*.pyc", "*/__pycache__",
    "__pycache__", "*/__pycache__/*", "*.egg-info", "*.egg-info/*", "*/.pytest_cache", "*/.pytest_cache/*",
    ".pytest_cache", ".pytest_cache/*", ".hypothesis", "*/.hypothesis/*", "*/.mypy_cache/*", "*/.ruff_cache/*",
    "changelogs/.plugin-cache.yaml", "requirements-dev.txt", "requirements-ecosystem.txt",
    "requirements-compat-*.txt", "constraints.txt", "*.log", "*.retry", "*.orig", "*.rej", "*.swp", "*~",
)
REQUIRED = ("MANIFEST.json", "FILES.json", "README.md", "meta/runtime.yml", "plugins/modules/phone_system.py",
            "changelogs/changelog.yaml", "extensions/awx/credential_type.yml")


def main(path):
    with tarfile.open(path) as tar:
        names = [name[2:] if name.startswith("./") else name for name in tar.getnames()]
    bad = sorted(name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in FORBIDDEN))
    missing = sorted(set(REQUIRED) - set(names))
    for name in bad:
        print("%s: must not ship %s" % (path, name), file=sys.stderr)
    for name in missing:
        print("%s: lacks %s" % (path, name), file=sys.stderr)
    if bad or missing:
        return 1
    print("%s: %d entries, no development files" % (path, len(names)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_tarball.py COLLECTION.tar.gz")
    sys.exit(main(sys.argv[1]))
