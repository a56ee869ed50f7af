#!/usr/bin/env bash
# Start and stop a background CUPI emulator (TLS, free port) for tests and the demo.
#
#   tools/emulator.sh start [cupi-emulator flags...]   start it, wait until healthy, print its URL
#   tools/emulator.sh stop                             stop it (no error if it is not running)
#   tools/emulator.sh status                           exit 0 if it is running
#   tools/emulator.sh url                              https://127.0.0.1:PORT
#   tools/emulator.sh env                              CUPI_* exports for `eval`
#   tools/emulator.sh integration-config               tests/integration/integration_config.yml
#
# Its files live in $CUPI_EMULATOR_DIR (default .tmp/emulator): pid, ca.pem, url, log.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${CUPI_EMULATOR_DIR:-$root/.tmp/emulator}
bin=$root/.venv/bin
username="admin"
password="password"

running() {
  [[ -f $dir/pid ]] && kill -0 "$(cat "$dir/pid")" 2> /dev/null
}

require_running() {
  running || { echo "emulator is not running (tools/emulator.sh start)" >&2; exit 1; }
}

start() {
  [[ -x $bin/cupi-emulator ]] || { echo "cupi-emulator not installed: run make setup" >&2; exit 1; }
  stop
  mkdir -p "$dir"
  rm -f "$dir/url" "$dir/ca.pem"
  local port
  port=$("$bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin/cupi-emulator" --host 127.0.0.1 --port "$port" --tls --ca-out "$dir/ca.pem" \
    --users "$username:$password" "$@" > "$dir/log" 2>&1 &
  echo $! > "$dir/pid"

  local url="" i
  for ((i = 0; i < 300; i++)); do
    url=$(sed -n 's|.*listening on \(https://[^ ]*\).*|\1|p' "$dir/log" | head -n 1)
    [[ -n $url ]] && break
    running || break
    sleep 0.1
  done
  if [[ -z $url ]] || ! running; then
    echo "emulator did not start; its log ($dir/log):" >&2
    cat "$dir/log" >&2
    stop
    exit 1
  fi
  url=${url%/}
  # Health check over TLS with the CA it wrote: the same trust path the modules use.
  if ! "$bin/python" - "$url/__emulator__/health" "$dir/ca.pem" << 'EOF'; then
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
EOF
    echo "emulator health check failed ($url); its log ($dir/log):" >&2
    cat "$dir/log" >&2
    stop
    exit 1
  fi
  echo "$url" > "$dir/url"
  echo "emulator running at $url (pid $(cat "$dir/pid"), CA $dir/ca.pem)"
}

stop() {
  if running; then
    local pid i
    pid=$(cat "$dir/pid")
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
EOF
    ;;
  *)
    echo "usage: $0 start [cupi-emulator flags...]|stop|status|url|env|integration-config" >&2
    exit 2
    ;;
esac
