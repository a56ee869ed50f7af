#!/usr/bin/env bash
# `make demo`: the collection's playbooks against the CUPI emulator, with TLS and the
# emulator's CA verified. Applies examples/integration.yml (phone systems, AXL servers,
# SIP, SCCP and PIMG port groups with servers, codecs and ports, SIP security), applies it
# again (must change nothing), changes the server behind the playbook's back with curl,
# lists the drift, puts it back, exports the server to a vars file, stops the emulator
# and prints what each run cost (changes, time, HTTP requests, Basic authentications).
# Full Ansible output of every run: .tmp/demo/<n>-<playbook>.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

root=$PWD
export PATH=$root/.venv/bin:$PATH
export ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH:-$root/build}
export CUPI_EMULATOR_DIR=${CUPI_EMULATOR_DIR:-$root/.tmp/emulator-demo}
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=json ANSIBLE_NOCOLOR=1
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

vars=examples/integration.yml
# The example's AXL password has no default (no placeholder may ever reach a server): the
# demo gives one on the command line; with a real cluster it comes from a vault file.
secrets=(-e vault_axl_password=Demo-axl-pw-1)
logs=$root/.tmp/demo
export_file=$root/.tmp/demo-export.yml
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs/runs.tsv" "$export_file"

[[ -d $ANSIBLE_COLLECTIONS_PATH/ansible_collections/cupi/telephony ]] || {
  echo "demo: no collection tree at $ANSIBLE_COLLECTIONS_PATH: run it with make demo" >&2
  exit 1
}

trap 'tools/emulator.sh stop > /dev/null' EXIT
tools/emulator.sh start > /dev/null
eval "$(tools/emulator.sh env)"

# The emulator's request log (no auth, outside /vmrest), read and cleared around each run.
emulator() { curl --silent --show-error --fail --cacert "$CUPI_CA_PATH" "$@"; }
clear_requests() { emulator -X DELETE "$CUPI_EMULATOR_URL/__emulator__/requests" > /dev/null; }

# The CUPI API itself, as an administrator would call it by hand.
vmrest() {
  curl --silent --show-error --fail --cacert "$CUPI_CA_PATH" -u "$CUPI_USERNAME:$CUPI_PASSWORD" \
    -H 'Accept: application/json' "$@"
}

# Prints the list the role (or the drift playbook) reports, one item a line.
changes() {
  python - "$1" "$2" << 'PY'
import json
import sys

log, task = sys.argv[1:]
lines = open(log, encoding="utf-8").read().splitlines()
for i, line in enumerate(lines):
    if line.startswith("TASK [") and line.split("]")[0].endswith(task):
        start = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("ok: ["))
        end = next(j for j in range(start, len(lines)) if lines[j] == "}")
        msg = json.loads("{" + "\n".join(lines[start + 1:end + 1]))["msg"]
        for item in msg if isinstance(msg, list) else [msg]:
            print("   - %s" % item if isinstance(msg, list) else "   %s" % item)
        break
PY
}

# run TITLE TASK PLAYBOOK ARGS...: one ansible-playbook run, its report and its cost.
run=0
changed=
run() {
  local title=$1 task=$2 playbook=$3 log start seconds recap stats
  shift 3
  run=$((run + 1))
  log=$logs/$run-${playbook##*.}.log
  echo
  echo "== $run. $title"
  echo "   \$ ansible-playbook $playbook $*"
  clear_requests
  start=$(date +%s.%N)
  if ! ansible-playbook "$playbook" "$@" > "$log" 2>&1; then
    echo "demo: ansible-playbook failed; the end of its output ($log):" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  seconds=$(python -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
  [[ -z $task ]] || changes "$log" "$task"
  recap=$(grep -E '^localhost +:' "$log" | tr -s ' ' | sed 's/ *$//')
  changed=$(sed -n 's/.*changed=\([0-9]*\).*/\1/p' <<< "$recap")
  echo "   recap: ${recap#localhost : }"
  stats=$(emulator "$CUPI_EMULATOR_URL/__emulator__/requests" | python -c '
import collections
import json
import sys

log = json.load(sys.stdin)
methods = collections.Counter(entry["method"] for entry in log)
basic = sum(entry["auth"] == "basic" for entry in log)
print("%d\t%s\t%d" % (len(log), " ".join("%s %d" % kv for kv in sorted(methods.items())), basic))
')
  printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$playbook" "$changed" "$seconds" "$stats" >> "$logs/runs.tsv"
}

echo "CUPI emulator at $CUPI_EMULATOR_URL, TLS with its own CA ($CUPI_CA_PATH)."
echo "The playbooks take the connection from CUPI_HOSTNAME, CUPI_PORT, CUPI_USERNAME,"
echo "CUPI_PASSWORD and CUPI_CA_PATH (certificates verified); the integration is $vars."

run "Apply $vars to an empty server" "What changed" cupi.telephony.apply -e "@$vars" "${secrets[@]}"
((changed > 0)) || { echo "demo: the first run should change something" >&2; exit 1; }

run "Apply it again: nothing to do" "What changed" cupi.telephony.apply -e "@$vars" "${secrets[@]}"
((changed == 0)) || { echo "demo: the second run should report changed=0" >&2; exit 1; }

echo
echo "== Someone turns MWI off on the SIP port group, behind the playbook's back"
sip_group=$(python -c '
import sys
import yaml

for system in yaml.safe_load(open(sys.argv[1]))["cupi_phone_systems"]:
    for group in system.get("port_groups", []):
        if group.get("integration") == "sip":
            print(group["name"])
            sys.exit()
' "$vars")
object_id=$(vmrest -G "$CUPI_EMULATOR_URL/vmrest/portgroups" --data-urlencode "query=(DisplayName is $sip_group)" |
  python -c 'import json, sys; print(json.load(sys.stdin)["PortGroup"]["ObjectId"])')
echo "   \$ curl --cacert \$CUPI_CA_PATH -u admin:... -X PUT -H 'Content-Type: application/json' \\"
echo "       -d '{\"EnableMWI\": \"false\"}' \$CUPI_EMULATOR_URL/vmrest/portgroups/$object_id"
vmrest -X PUT -H 'Content-Type: application/json' -d '{"EnableMWI": "false"}' \
  "$CUPI_EMULATOR_URL/vmrest/portgroups/$object_id" > /dev/null
echo "   HTTP 204: $sip_group now has EnableMWI=false"

run "Drift: what differs from $vars (check mode, changes nothing)" "What differs" \
  cupi.telephony.drift -e "@$vars" "${secrets[@]}"
((changed > 0)) || { echo "demo: the drift run should list the change" >&2; exit 1; }

run "Apply again: puts it back" "What changed" cupi.telephony.apply -e "@$vars" "${secrets[@]}"
((changed > 0)) || { echo "demo: the repair run should change something" >&2; exit 1; }

run "Export the server to a vars file" "" cupi.telephony.export -e "cupi_export_file=$export_file"
[[ -s $export_file ]] || { echo "demo: the export wrote nothing to $export_file" >&2; exit 1; }
echo "   ${export_file#"$root"/} ($(wc -l < "$export_file") lines), its head:"
head -n 24 "$export_file" | sed 's/^/   | /'
echo "   | ..."

tools/emulator.sh stop > /dev/null
trap - EXIT

echo
echo "== Summary (the emulator's request log; the emulator is stopped)"
python - "$logs/runs.tsv" << 'PY'
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8")]
print("   %-3s %-22s %7s %6s %8s  %-30s %s" % ("run", "playbook", "changed", "time", "requests",
                                              "by method", "Basic auth"))
for run, playbook, changed, seconds, total, methods, basic in rows:
    print("   %-3s %-22s %7s %5ss %8s  %-30s %s" % (run, playbook, changed, seconds, total, methods, basic))
PY
echo "   Basic authentication once; then the session cookie, kept between tasks and runs"
echo "   (session_cache, docs/decisions.md)."
echo "   Full Ansible output: ${logs#"$root"/}/; the export: ${export_file#"$root"/}"
