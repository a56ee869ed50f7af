#!/usr/bin/env bash
# `make demo`: start the CUPI emulator with TLS, apply examples/phone_system_demo.yml
# (a phone system with two AXL servers, certificates verified against the emulator's CA),
# apply it again (no change), show what happened, stop the emulator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CUPI_EMULATOR_DIR=${CUPI_EMULATOR_DIR:-$PWD/.tmp/emulator-demo}
trap 'tools/emulator.sh stop > /dev/null' EXIT
tools/emulator.sh start
eval "$(tools/emulator.sh env)"
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false DEMO_AXL_PASSWORD=demo-axl-secret

summary() {
  # What the emulator saw: requests by method and how each authenticated.
  python - "$CUPI_EMULATOR_URL" "$CUPI_CA_PATH" << 'PY'
import collections
import json
import ssl
import sys
import urllib.request

url, ca = sys.argv[1:]
context = ssl.create_default_context(cafile=ca)
with urllib.request.urlopen(url + "/__emulator__/requests", context=context) as answer:
    log = json.load(answer)
methods = collections.Counter(entry["method"] for entry in log)
auth = collections.Counter(entry["auth"] for entry in log)
print("  HTTP requests: %d (%s)" % (len(log), ", ".join("%s %d" % kv for kv in sorted(methods.items()))))
print("  authenticated with Basic: %d, with the session cookie: %d"
      % (auth.get("basic", 0), auth.get("session", 0)))
request = urllib.request.Request(url + "/__emulator__/requests", method="DELETE")
urllib.request.urlopen(request, context=context).close()
PY
}

run() {
  local title=$1 log
  log=$(mktemp)
  echo
  echo "== $title"
  ansible-playbook examples/phone_system_demo.yml | tee "$log" | sed -n '/^TASK \[Show it\]/,/^$/p; /^PLAY RECAP/,$p'
  summary
  recap=$(grep -E '^localhost' "$log")
  rm -f "$log"
}

echo "The emulator answers at $CUPI_EMULATOR_URL with its own CA ($CUPI_CA_PATH);"
echo "the playbook takes the connection from CUPI_HOSTNAME, CUPI_PORT, CUPI_USERNAME,"
echo "CUPI_PASSWORD and CUPI_CA_PATH, certificate verification on."

run "First run: creates the phone system CUCM-HQ and its two AXL servers"
[[ $recap == *"changed=2"* ]] || { echo "demo: the first run should change 2 tasks" >&2; exit 1; }

run "Second run: nothing to do"
[[ $recap == *"changed=0"* ]] || { echo "demo: the second run should change nothing" >&2; exit 1; }

echo
echo "Demo done: the second run reported changed=0. Each task authenticated with Basic once"
echo "and then used the session cookie. The emulator is stopped."
