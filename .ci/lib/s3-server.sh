# Sourced by the client check scripts (.ci/aws-cli-check.sh, .ci/rclone-check.sh): a freshly started single-node
# server on four directory disks in a scratch directory, `check NAME COMMAND...` printing "PASS NAME" / "FAIL NAME",
# and `finish`, which prints the "N passed, N failed" line that .ci/run adds up.
# CI_LOG_DIR, when set, receives checks.log and server.log. Ports: CI_S3_PORT, CI_ADMIN_PORT, CI_SILO_PORT, CI_GATEWAY_PORT (defaults 19000, 19001, 19111, 19300).

server_dll=${SERVER_DLL:-src/Buckets.Server/bin/Release/net10.0/buckets.dll}
ci_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
port=${CI_S3_PORT:-19000}; admin=${CI_ADMIN_PORT:-19001}; silo=${CI_SILO_PORT:-19111}; gateway=${CI_GATEWAY_PORT:-19300}
endpoint="http://127.0.0.1:$port"
ci_user=ci-root; ci_secret=ci-root-secret-123
export BUCKETS_ROOT_USER=$ci_user BUCKETS_ROOT_PASSWORD=$ci_secret

passed=0; failed=0
started_at=$(date +%s)
check() { # name, command...: the command's output goes to the checks log, and under a FAIL line too
  local name=$1 t0=$SECONDS; shift
  if "$@" >"$work/check.out" 2>&1; then
    echo "PASS $name ($((SECONDS - t0))s)"; passed=$((passed + 1))
  else
    echo "FAIL $name ($((SECONDS - t0))s)"; failed=$((failed + 1))
    tail -n 30 "$work/check.out" | sed 's/^/    | /'
  fi
  { echo "=== $name"; cat "$work/check.out"; } >>"$work/checks.log"
}

# The helper that makes trees and computes multipart ETags; python3 is there wherever the AWS CLI is.
s3util() { python3 "$ci_lib/s3util.py" "$@"; }

start_server() {
  (cd "$work" && exec dotnet "$OLDPWD/$server_dll" server --port "$port" --admin-port "$admin" --silo-port "$silo" \
    --gateway-port "$gateway" --data "$work/data/d1,$work/data/d2,$work/data/d3,$work/data/d4") >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$admin/health/ready" >/dev/null && break; sleep 1; done
  check "health ready" curl -sf "http://127.0.0.1:$admin/health/ready"
}

finish() {
  if [ -n "${CI_LOG_DIR:-}" ]; then mkdir -p "$CI_LOG_DIR" && cp "$work/checks.log" "$work/server.log" "$CI_LOG_DIR/"; fi
  if [ "$failed" -gt 0 ]; then echo "--- server log"; tail -n 60 "$work/server.log"; fi
  echo "($(basename "$0") took $(($(date +%s) - started_at))s)"
  echo "${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ]
}
