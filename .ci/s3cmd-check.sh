#!/usr/bin/env bash
# Drives a freshly started single-node server with s3cmd (the distribution's package), path-style: buckets, a put
# with headers read back by `s3cmd info`, a 40 MiB multipart put (its ETag checked) and a resumed download, a put
# from stdin (multipart of unknown length), `s3cmd sync` of a tree with unicode and URL-special names up and down
# compared with `diff -r`, listings and `du`, server-side cp / mv, `modify`, ACLs (the owner's full control kept, a
# public one refused), the errors s3cmd shows for a bad name, a non-empty bucket and a signature-v2 URL, and removal of
# everything. s3cmd signs every payload with its SHA-256, so
# this is also the hex-payload-hash mode driven by a real client. Prints one "PASS name" / "FAIL name" line per check
# and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib/s3-server.sh

# host_bucket without %(bucket)s keeps s3cmd to path-style requests: <bucket>.localhost does not resolve everywhere.
cat >"$work/s3cfg" <<EOF
[default]
access_key = $ci_user
secret_key = $ci_secret
host_base = 127.0.0.1:$port
host_bucket = 127.0.0.1:$port
use_https = False
signature_v2 = False
bucket_location = us-east-1
progress_meter = False
EOF
s3c() { s3cmd -c "$work/s3cfg" "$@"; }
mib=1048576
bucket=s3://ci-s3cmd

tree=$work/tree
s3util tree "$tree" 120 3
files=$(find "$tree" -type f -printf . | wc -c)
head -c $((40 * mib)) /dev/urandom >"$work/forty.bin"
head -c $((12 * mib + 12345)) /dev/urandom >"$work/stdin.bin"
printf 'city,population\nLisboa,545796\n' >"$work/one.csv"

csv_md5=$(md5sum <"$work/one.csv" | cut -d' ' -f1)

info_shows() { # key, expected lines of `s3cmd info` (grep -F patterns)
  local out; out=$(s3c info "$bucket/$1") || return 1; printf '%s\n' "$out"
  shift; for line in "$@"; do grep -qF -- "$line" <<<"$out" || { echo "missing: $line"; return 1; }; done; }
put_with_headers() {
  s3c put --mime-type=text/csv --add-header=Cache-Control:max-age=60 --add-header=x-amz-meta-origin:ci \
    "$work/one.csv" "$bucket/headers/one.csv" &&
  info_shows headers/one.csv "MIME type: text/csv" "MD5 sum:   $csv_md5" "x-amz-meta-origin: ci" &&
  head_of ci-s3cmd/headers/one.csv | grep -x 'Cache-Control: max-age=60'; }
# s3cmd shows the MD5 it stored in its own metadata for a multipart object; the server's ETag comes from a HEAD.
multipart_etag() { equals ETag "$(etag_of ci-s3cmd/big/forty.bin)" "$(s3util etag-of-file $((5 * mib)) "$work/forty.bin")"; }
got_equal() { rm -f "$work/down.bin"; s3c get "$bucket/big/forty.bin" "$work/down.bin" && cmp "$work/down.bin" "$work/forty.bin"; }
resumed() { # the first 3 MiB already here: --continue asks for the rest with a Range
  head -c $((3 * mib)) "$work/forty.bin" >"$work/partial.bin" &&
  s3c get --continue "$bucket/big/forty.bin" "$work/partial.bin" && cmp "$work/partial.bin" "$work/forty.bin"; }
through_pipes() {
  s3c put --multipart-chunk-size-mb=5 - "$bucket/piped/stdin.bin" <"$work/stdin.bin" &&
  s3c get "$bucket/piped/stdin.bin" - | cmp - "$work/stdin.bin" &&
  equals ETag "$(etag_of ci-s3cmd/piped/stdin.bin)" "$(s3util etag-of-file $((5 * mib)) "$work/stdin.bin")"; }
synced_up() { s3c sync "$tree/" "$bucket/tree/" && equals "files uploaded" "$(grep -c '^upload: ' "$work/check.out")" "$files"; }
sync_nothing() { local out; out=$(s3c sync "$tree/" "$bucket/tree/") || return 1; printf '%s\n' "$out"
  equals "uploads" "$(grep -c '^upload: ' <<<"$out")" 0; }
listed() { local out; out=$(s3c ls -r "$bucket/tree/") || return 1
  equals "s3cmd ls -r" "$(sed 's|.* s3://ci-s3cmd/tree/||' <<<"$out" | LC_ALL=C sort)" "$(cd "$tree" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" &&
  out=$(s3c du "$bucket/tree/") && echo "$out" &&
  equals "s3cmd du" "$(awk '{ print $1, $2 }' <<<"$out")" "$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }') $files"; }
synced_down() { s3c sync "$bucket/tree/" "$work/down/" && diff -r "$tree" "$work/down"; }
copied_and_moved() {
  s3c cp "$bucket/big/forty.bin" "$bucket/copies/forty.bin" && s3c mv "$bucket/copies/forty.bin" "$bucket/moved/forty.bin" &&
  equals "s3cmd ls -r of copies/" "$(s3c ls -r "$bucket/copies/")" "" &&
  equals "s3cmd ls -r of moved/" "$(s3c ls -r "$bucket/moved/" | awk '{ print $3, $4 }')" "$((40 * mib)) $bucket/moved/forty.bin" &&
  rm -f "$work/moved.bin" && s3c get "$bucket/moved/forty.bin" "$work/moved.bin" && cmp "$work/moved.bin" "$work/forty.bin"; }
modified() { s3c modify --add-header=x-amz-meta-colour:blue "$bucket/headers/one.csv" &&
  info_shows headers/one.csv "x-amz-meta-colour: blue" "MIME type: text/csv" "MD5 sum:   $csv_md5"; }
v2_url_refused() { local url out; url=$(s3c signurl "$bucket/headers/one.csv" +600) || return 1; echo "$url"
  out=$(curl -s -w '\n%{http_code}' "$url"); echo "$out"; grep -q '<Code>InvalidRequest</Code>' <<<"$out" && equals status "$(tail -n 1 <<<"$out")" 400; }
acl_private_kept() { s3c setacl --acl-private "$bucket/headers/one.csv" && info_shows headers/one.csv "ACL:       $ci_user: FULL_CONTROL"; }
emptied() { s3c del --recursive --force "$bucket/" && equals "s3cmd ls -r" "$(s3c ls -r "$bucket")" ""; }
bucket_gone() { equals "s3cmd ls" "$(s3c ls | grep -c " $bucket\$")" 0; }

start_server
check "s3cmd mb (CreateBucket)" s3c mb "$bucket"
check "s3cmd mb of an invalid name: InvalidBucketName" fails_with InvalidBucketName s3c mb s3://Not_A_Valid_Name
check "s3cmd put with a content type and headers; info and HEAD read them back" put_with_headers
check "s3cmd put of 40 MiB as a multipart upload of 5 MiB parts" s3c put --multipart-chunk-size-mb=5 "$work/forty.bin" "$bucket/big/forty.bin"
check "its ETag is the multipart ETag of the 8 parts (-8)" multipart_etag
check "s3cmd get of it compares equal" got_equal
check "s3cmd get --continue completes a partial download" resumed
check "s3cmd put from stdin (multipart of unknown length), get to stdout: equal, ETag -3" through_pipes
check "s3cmd sync up: $files files, unicode and URL-special names" synced_up
check "a second s3cmd sync up uploads nothing" sync_nothing
check "s3cmd ls -r lists the $files files, s3cmd du counts them and their bytes" listed
check "s3cmd sync down into a fresh directory; diff -r: equal" synced_down
check "s3cmd cp (server-side) then mv: only the destination is left, equal" copied_and_moved
check "s3cmd modify adds metadata and keeps type and content" modified
check "s3cmd info shows the owner's full control; setacl --acl-private keeps it" acl_private_kept
check "s3cmd setacl --acl-public: AccessControlListNotSupported (ACLs are the owner's only)" fails_with AccessControlListNotSupported s3c setacl --acl-public "$bucket/headers/one.csv"
check "a signature-v2 URL (s3cmd signurl) is refused: 400 InvalidRequest" v2_url_refused
check "s3cmd rb of a non-empty bucket: BucketNotEmpty" fails_with BucketNotEmpty s3c rb "$bucket"
check "s3cmd del --recursive of everything; ls -r is then empty" emptied
check "s3cmd rb (DeleteBucket) of the emptied bucket" s3c rb "$bucket"
check "s3cmd ls no longer lists the bucket" bucket_gone

finish
