# Sourced by the client check scripts (.ci/aws-cli-check.sh, .ci/rclone-check.sh, .ci/s3cmd-check.sh): a freshly
# started single-node server on four directory disks in a scratch directory, `check NAME COMMAND...` printing
# "PASS NAME" / "FAIL NAME", helpers that compare and say what differed (equals, fails_with, head_of, etag_of), and
# `finish`, which prints the "N passed, N failed" line that .ci/run adds up.
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

# Each says what it got, so a FAIL in the checks log shows the difference.
equals() { # what, got, expected
  if [ "$2" = "$3" ]; then return 0; fi
  printf '%s differs (< got, > expected):\n' "$1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -n 40; return 1
}
fails_with() { # error text, command... : the command must fail and say the text
  local text=$1 out; shift
  if out=$("$@" 2>&1); then printf 'unexpected success:\n%s\n' "$out"; return 1; fi
  printf '%s\n' "$out"; grep -qF -- "$text" <<<"$out"
}
# curl as a raw SigV4 client, for what a client does not show: the response headers of a HEAD of bucket/key (URL-encoded
# as it goes on the wire), one a line without CRs, and the ETag the server gave an object.
head_of() { curl -sf -I -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ci_user:$ci_secret" \
  "$endpoint/$1" | tr -d '\r'; }
etag_of() { head_of "$1" | sed -n 's/^ETag: "\(.*\)"$/\1/Ip'; }

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
