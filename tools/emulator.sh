#!/usr/bin/env bash
# Start and stop a background CUPI emulator (TLS, on a free port) for tests and the demo.
#
#   tools/emulator.sh start [cupi-emulator flags...]   start it, wait until healthy, print its URL
#   tools/emulator.sh stop                             stop it (no error if it is not running)
#   tools/emulator.sh status                           exit 0 if it is running
#   tools/emulator.sh url                              https://127.0.0.1:PORT
#   tools/emulator.sh env                              CUPI_* exports for `eval`
#   tools/emulator.sh integration-config               tests/integration/integration_config.yml
#
# Its files live in $CUPI_EMULATOR_DIR (default .tmp/emulator): pid, ca.pem, url, log.
# $CUPI_EMULATOR_PORT fixes the port (default 0: the emulator picks a free one).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${CUPI_EMULATOR_DIR:-$root/.tmp/emulator}
bin=$root/.venv/bin
username="admin"
password="Cupi-Demo-1"

running() {
  local pid
  pid=$(cat "$dir/pid" 2> /dev/null) && kill -0 "$pid" 2> /dev/null
}

require_running() {
  running || { echo "emulator is not running (tools/emulator.sh start)" >&2; exit 1; }
}

# Health check over TLS with the CA the emulator wrote: the trust path the modules use.
healthy() {
  "$bin/python" - "$1/__emulator__/health" "$dir/ca.pem" << 'PY'
import ssl
import sys
import time
import urllib.request

url, ca = sys.argv[1:]
context = ssl.create_default_context(cafile=ca)
for _ in range(100):
    try:
        with urllib.request.urlopen(url, context=context, timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
PY
}

start() {
  [[ -x $bin/cupi-emulator ]] || { echo "cupi-emulator is not installed: run make setup" >&2; exit 1; }
  stop
  mkdir -p "$dir"
  rm -f "$dir/url" "$dir/ca.pem" "$dir/log"
  "$bin/cupi-emulator" --host 127.0.0.1 --port "${CUPI_EMULATOR_PORT:-0}" --tls --ca-out "$dir/ca.pem" \
    --users "$username:$password" "$@" > "$dir/log" 2>&1 &
  local pid=$! url="" i
  echo "$pid" > "$dir/pid"

  # Its first line: "cupi-emulator listening on https://127.0.0.1:PORT".
  for ((i = 0; i < 300; i++)); do
    # `|| true`: a read racing the emulator's first write must not end the script silently.
    url=$(sed -n 's|.*listening on \(https://[^ ]*\).*|\1|p' "$dir/log" 2> /dev/null | head -n 1 || true)
    [[ -n $url && -s $dir/ca.pem ]] && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  url=${url%/}
  if [[ -z $url ]] || ! healthy "$url"; then
    echo "the emulator did not start or is not healthy (${url:-no URL}); its log ($dir/log):" >&2
    cat "$dir/log" >&2 || true
    kill "$pid" 2> /dev/null || true
    rm -f "$dir/pid"
    exit 1
  fi
  echo "$url" > "$dir/url"
  echo "emulator running at $url (pid $pid, CA $dir/ca.pem)"
}

stop() {
  local pid i
  if running && pid=$(cat "$dir/pid" 2> /dev/null); then
    kill "$pid" 2> /dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2> /dev/null || true
    echo "emulator stopped (pid $pid)"
  fi
  rm -f "$dir/pid" "$dir/url"
}

port() {
  local url
  url=$(cat "$dir/url")
  echo "${url##*:}"
}

case ${1:-} in
  start)
    shift
    start "$@"
    ;;
  stop) stop ;;
  status) running ;;
  url)
    require_running
    cat "$dir/url"
    ;;
  env)
    require_running
    cat << EOF
export CUPI_HOSTNAME=127.0.0.1
export CUPI_PORT=$(port)
export CUPI_USERNAME=$username
export CUPI_PASSWORD=$password
export CUPI_USE_SSL=true
export CUPI_VALIDATE_CERTS=true
export CUPI_CA_PATH=$dir/ca.pem
export CUPI_EMULATOR_URL=$(cat "$dir/url")
EOF
    ;;
  integration-config)
    require_running
    cat << EOF
---
# Written by tools/emulator.sh for \`make integration\`; not kept in git.
cupi_hostname: 127.0.0.1
cupi_port: $(port)
cupi_username: $username
cupi_password: $password
cupi_use_ssl: true
cupi_validate_certs: true
cupi_ca_path: $dir/ca.pem
cupi_emulator_url: $(cat "$dir/url")
cupi_run_cache_verify: "${CUPI_RUN_CACHE_VERIFY:-0}"
EOF
    ;;
  *)
    echo "usage: $0 start [cupi-emulator flags...]|stop|status|url|env|integration-config" >&2
    exit 2
    ;;
esac
