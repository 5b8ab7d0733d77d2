#!/usr/bin/env bash
# Drives a freshly started single-node server with rclone (the distribution's package), configured through
# environment variables only: `rclone copy` of a tree of 300 small files and one 50 MiB file (a multipart upload
# above the cutoff set here) up, `rclone check` by size and MD5 (and a check that must find a flipped byte), a copy
# back down compared with `diff -r`, `rclone lsf` / `rclone size` counts, a server-side copy, a second copy with
# nothing to do, `rclone sync` propagating a local delete, and `rclone delete`. Prints one "PASS name" / "FAIL name"
# line per check and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib/s3-server.sh

# The remote "ci:". Provider Other keeps rclone to plain S3 (path-style requests, ListObjects v1, no
# provider quirks); rclone's own upload cutoff is 200 MiB, so 16 MiB is set to send the 50 MiB file as a multipart
# upload of 5 MiB chunks. RCLONE_CONFIG=/dev/null keeps a developer's rclone.conf out of it.
export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_CI_TYPE=s3 RCLONE_CONFIG_CI_PROVIDER=Other RCLONE_CONFIG_CI_ENDPOINT=$endpoint RCLONE_CONFIG_CI_REGION=us-east-1
export RCLONE_CONFIG_CI_ACCESS_KEY_ID=$ci_user RCLONE_CONFIG_CI_SECRET_ACCESS_KEY=$ci_secret
export RCLONE_CONFIG_CI_FORCE_PATH_STYLE=true RCLONE_CONFIG_CI_UPLOAD_CUTOFF=16M RCLONE_CONFIG_CI_CHUNK_SIZE=5M
# rclone's AWS SDK will not load a custom CA bundle into rclone's own HTTP transport and refuses to start with
# one set; a plain-HTTP loopback endpoint needs none.
unset AWS_CA_BUNDLE
rc() { rclone --retries 1 --low-level-retries 1 "$@"; }
mib=1048576

tree=$work/tree
s3util tree "$tree" 300 2
head -c $((50 * mib)) /dev/urandom >"$tree/a/b/big fifty.bin"
# Names with control characters: rclone lists without encoding-type=url, so these come back through the XML text
# (a carriage return must arrive as one, not as a line feed) or, for U+0001, make rclone retry with url encoding.
mkdir -p "$tree/odd names"
for name in $'carriage\rreturn' $'cr\r\nlf' $'line\nfeed' $'tab\there' $'start\x01of heading'; do
  printf '%s' "$name" >"$tree/odd names/$name.txt"
done
files=$(find "$tree" -type f -printf . | wc -c)
# rclone's own names for the local files: control characters shown as symbols (U+240D for CR), one a line.
local_files() { rc lsf -R --files-only "$1" | LC_ALL=C sort; }

copied_up() { rc copy "$tree" ci:ci-rclone/up -v && equals "files copied" "$(grep -c 'Copied (new)' "$work/check.out")" "$files"; }
checked() { # the check must compare every file by size and MD5 and find no difference
  rc check "$tree" ci:ci-rclone/up && grep -q " $files matching files" "$work/check.out" && ! grep -q 'could not be checked' "$work/check.out"; }
multipart_etag() { equals ETag "$(etag_of "ci-rclone/up/a/b/big%20fifty.bin")" "$(s3util etag-of-file $((5 * mib)) "$tree/a/b/big fifty.bin")"; }
lsf_lists() { local out; out=$(rc lsf -R --files-only ci:ci-rclone/up) || return 1
  equals "rclone lsf -R" "$(LC_ALL=C sort <<<"$out")" "$(local_files "$tree")" && equals count "$(wc -l <<<"$out")" "$files"; }
sized() { local out; out=$(rc size --json ci:ci-rclone/up) || return 1; echo "$out"
  equals "rclone size" "$(python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["count"], d["bytes"])' <<<"$out")" \
    "$files $(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"; }
copy_nothing_to_do() { rc copy "$tree" ci:ci-rclone/up -v && grep -q 'There was nothing to transfer' "$work/check.out" && ! grep -q 'Copied' "$work/check.out"; }
flipped_byte_found() { # a same-size change to the big file in the downloaded copy: only the MD5 can tell
  # The file is random: write the complement of the byte there, or 1 time in 256 nothing would change.
  local byte; byte=$(od -An -tu1 -j $((30 * mib)) -N1 "$work/down/a/b/big fifty.bin" | tr -d ' ')
  printf "\\$(printf '%03o' $((255 - byte)))" | dd of="$work/down/a/b/big fifty.bin" bs=1 seek=$((30 * mib)) conv=notrunc status=none
  cmp -s "$tree/a/b/big fifty.bin" "$work/down/a/b/big fifty.bin" && { echo "the byte did not change"; return 1; }
  ! rc check "$work/down" ci:ci-rclone/up && grep -q '1 differences found' "$work/check.out" && grep -q 'big fifty.bin' "$work/check.out"
}
server_side_copy() { rc copy ci:ci-rclone/up/docs ci:ci-rclone/copied/docs -v && grep -q 'Copied (server-side copy)' "$work/check.out" &&
  rc check "$tree/docs" ci:ci-rclone/copied/docs; }
sync_deletes() { local gone; gone=$(local_files "$tree" | grep -c '^docs/2026/.*\.bin$')
  [ "$gone" -gt 0 ] && rm "$tree/docs/2026/"*.bin && rc sync "$tree" ci:ci-rclone/up -v &&
  equals "deleted" "$(grep -c ': Deleted$' "$work/check.out")" "$gone" &&
  equals "listing" "$(rc lsf -R --files-only ci:ci-rclone/up | LC_ALL=C sort)" "$(local_files "$tree")"; }
empty() { local out; out=$(rc lsf -R "ci:ci-rclone") || return 1; equals "rclone lsf -R" "$out" ""; }

start_server
check "rclone mkdir (CreateBucket)" rc mkdir ci:ci-rclone
check "rclone copy up: $files files, one of 50 MiB, five named with control characters" copied_up
check "50 MiB object's ETag is the multipart ETag of rclone's 5 MiB chunks (-10)" multipart_etag
check "rclone check: $files matching files by size and MD5" checked
check "rclone lsf -R lists the $files files" lsf_lists
check "rclone size counts the $files files and their bytes" sized
check "a second rclone copy up copies nothing" copy_nothing_to_do
check "rclone copy down into a fresh directory" rc copy ci:ci-rclone/up "$work/down"
check "diff -r of the tree and its copy down: equal" diff -r "$tree" "$work/down"
check "rclone check finds a byte flipped in the downloaded 50 MiB file" flipped_byte_found
check "rclone copy remote to remote is a server-side copy that checks equal" server_side_copy
check "rclone sync deletes what was deleted locally" sync_deletes
check "rclone delete of everything" rc delete ci:ci-rclone
check "rclone lsf -R is then empty" empty
check "rclone rmdir (DeleteBucket) of the emptied bucket" rc rmdir ci:ci-rclone

finish
