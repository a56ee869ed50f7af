#!/usr/bin/env bash
# Placeholder for `make demo` (to be replaced): starts the TLS emulator, shows where it
# listens, and stops it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

trap 'tools/emulator.sh stop' EXIT
tools/emulator.sh start
echo "demo: the emulator answers at $(tools/emulator.sh url); the demo playbooks come later."
