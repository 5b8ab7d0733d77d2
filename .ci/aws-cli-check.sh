#!/usr/bin/env bash
# Drives a freshly started single-node server with the AWS CLI (/usr/bin/aws, the distribution's package, not a
# shim): `aws s3 cp` up and down with the CLI's defaults (multipart above 8 MiB, parallel ranged GETs down) and
# between buckets, `aws s3 sync` of a 2,001-file tree, and `aws s3api` calls for objects, copies, tagging, presigned
# URLs, listings with paging, multipart uploads and versioning. Every check compares what comes back with what was
# sent or with a value worked out here. Prints one "PASS name" / "FAIL name" line per check and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib/s3-server.sh

aws_bin=$(command -v /usr/bin/aws || command -v aws)
export AWS_ACCESS_KEY_ID=$ci_user AWS_SECRET_ACCESS_KEY=$ci_secret AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
s3() { "$aws_bin" --endpoint-url "$endpoint" s3 "$@"; }
api() { "$aws_bin" --endpoint-url "$endpoint" s3api "$@"; }
md5() { md5sum <"$1" | cut -d' ' -f1; }
mib=1048576

# --- helpers: each says what it got, so a FAIL in the checks log shows the difference
etag_is() { equals ETag "$(api head-object --bucket "$1" --key "$2" --query ETag --output text | tr -d '"')" "$3"; }
reads_back() { # bucket, key, expected file[, get-object options...]
  local bucket=$1 key=$2 expected=$3; shift 3
  rm -f "$work/readback"
  api get-object --bucket "$bucket" --key "$key" "$@" "$work/readback" >/dev/null && cmp "$work/readback" "$expected"
}
is_id() { [ -n "$1" ] && [ "$1" != None ] && [ "$1" != null ]; }
# Set by checks; empty until then, so a failed check fails the ones after it instead of stopping the script (set -u).
upload_id="" abort_id="" small_id="" vid1="" vid2="" marker=""

start_server

# ===== objects: cp up and down, ETags, metadata, copies, ranges, presigned URLs
head -c 40000000 /dev/urandom >"$work/big.bin"
head -c 5000 /dev/urandom >"$work/small.bin"
big_key="dir/big file.bin"

check "s3 mb" s3 mb s3://ci-bucket
lists_bucket() { s3 ls | tee /dev/stderr | grep -q ' ci-bucket$'; }
check "s3 ls lists the bucket" lists_bucket
check "s3 cp small up" s3 cp "$work/small.bin" s3://ci-bucket/small.bin
check "s3 cp 40 MB up (multipart, the CLI's 8 MiB default)" s3 cp "$work/big.bin" "s3://ci-bucket/$big_key" --only-show-errors
check "40 MB object's ETag is the multipart ETag of its 8 MiB parts (-5)" \
  etag_is ci-bucket "$big_key" "$(s3util etag-of-file $((8 * mib)) "$work/big.bin")"
check "s3 cp 40 MB down (ranged GETs)" s3 cp "s3://ci-bucket/$big_key" "$work/big.back" --only-show-errors
check "40 MB round trip identical" cmp "$work/big.bin" "$work/big.back"
head_part() { equals "part 2" "$(api head-object --bucket ci-bucket --key "$big_key" --part-number 2 --query '[ContentLength,PartsCount]' --output text)" "$(printf '%s\t5' $((8 * mib)))"; }
check "head-object --part-number 2 of the multipart object: 8 MiB of 5 parts" head_part
tail -c +$((8 * mib - 99)) "$work/big.bin" | head -c 200 >"$work/boundary.bin"
check "get-object range across the part 1/2 boundary" reads_back ci-bucket "$big_key" "$work/boundary.bin" --range "bytes=$((8 * mib - 100))-$((8 * mib + 99))"
check "s3 cp small down" s3 cp s3://ci-bucket/small.bin "$work/small.back"
check "small round trip identical" cmp "$work/small.bin" "$work/small.back"
check "s3api head-object ETag is the MD5" etag_is ci-bucket small.bin "$(md5 "$work/small.bin")"
check "s3api put-object with metadata" api put-object --bucket ci-bucket --key meta.txt --body "$work/small.bin" --content-type text/plain --metadata color=blue
metadata_is() { equals metadata "$(api head-object --bucket ci-bucket --key "$1" --query '[ContentType,Metadata.color]' --output text)" "$(printf '%s\t%s' "$2" "$3")"; }
check "s3api head-object returns metadata" metadata_is meta.txt text/plain blue
copy_etag() { equals ETag "$(api copy-object --bucket ci-bucket --key "$1" --copy-source "ci-bucket/$2" --query CopyObjectResult.ETag --output text | tr -d '"')" "$3"; }
check "s3api copy-object ETag is the source's MD5" copy_etag copies/small.bin small.bin "$(md5 "$work/small.bin")"
check "s3api copy-object of the object with metadata" api copy-object --bucket ci-bucket --key copies/meta.txt --copy-source ci-bucket/meta.txt
check "copy has the source's content type and metadata" metadata_is copies/meta.txt text/plain blue
check "s3api copy-object REPLACE" api copy-object --bucket ci-bucket --key copies/meta.txt --copy-source ci-bucket/copies/meta.txt --metadata-directive REPLACE --content-type text/csv --metadata color=red
check "REPLACE set the new content type and metadata" metadata_is copies/meta.txt text/csv red
# A server-side copy writes one new object, so its ETag is the content's MD5 even when the source was multipart.
check "copy-object of the 40 MB multipart object: ETag is the content's MD5" copy_etag "copies/big copy.bin" "$big_key" "$(md5 "$work/big.bin")"
check "40 MB copy reads back identical" reads_back ci-bucket "copies/big copy.bin" "$work/big.bin"
check "copy-object onto itself without REPLACE is InvalidRequest" fails_with InvalidRequest api copy-object --bucket ci-bucket --key small.bin --copy-source ci-bucket/small.bin
check "copy-object of a missing source is NoSuchKey" fails_with NoSuchKey api copy-object --bucket ci-bucket --key x --copy-source ci-bucket/nope
tail -c +101 "$work/small.bin" | head -c 100 >"$work/range.bin"
check "s3api get-object range" reads_back ci-bucket small.bin "$work/range.bin" --range bytes=100-199
presigned_get() { local url; url=$(s3 presign "s3://ci-bucket/$big_key" --expires-in 300) && curl -sf -o "$work/presigned.out" "$url" && cmp "$work/presigned.out" "$work/big.bin"; }
check "presigned GET URL (s3 presign) downloads the object with curl" presigned_get
presigned_tampered() { local url code; url=$(s3 presign s3://ci-bucket/small.bin --expires-in 300) || return 1
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url/small.bin/meta.txt}"); equals "status of a URL signed for another key" "$code" 403; }
check "presigned URL edited to another key is refused (403)" presigned_tampered
check "s3api get-bucket-location" api get-bucket-location --bucket ci-bucket
check "s3api get-object of a missing key is NoSuchKey" fails_with NoSuchKey api get-object --bucket ci-bucket --key nope "$work/x"

# ===== object tagging, and `aws s3 cp` between buckets of an object over the multipart threshold: the CLI reads the
# source's tags (GetObjectTagging), copies it part by part on the server (UploadPartCopy) and gives the copy the tags
tags_are() { # bucket, key, expected "key=value ..." in order
  equals tags "$(api get-object-tagging --bucket "$1" --key "$2" --query 'TagSet[].[Key,Value]' --output text | tr '\t\n' '= ' | sed 's/ $//')" "$3"
}
check "s3api put-object --tagging" api put-object --bucket ci-bucket --key tagged.bin --body "$work/small.bin" --tagging 'team=data+eng&stage=raw'
check "get-object-tagging returns the tags of the put" tags_are ci-bucket tagged.bin "team=data eng stage=raw"
tag_count_is() { equals TagCount "$(api get-object --bucket ci-bucket --key tagged.bin "$work/x" --query TagCount --output text)" "$1"; }
check "get-object says the tag count (x-amz-tagging-count)" tag_count_is 2
check "s3api put-object-tagging replaces the tag set" api put-object-tagging --bucket ci-bucket --key tagged.bin --tagging 'TagSet=[{Key=color,Value=blue}]'
check "get-object-tagging returns the new set" tags_are ci-bucket tagged.bin "color=blue"
check "the retagged object keeps its ETag" etag_is ci-bucket tagged.bin "$(md5 "$work/small.bin")"
check "put-object-tagging with 11 tags is refused" fails_with BadRequest api put-object-tagging --bucket ci-bucket --key tagged.bin \
  --tagging "TagSet=[$(for i in $(seq 1 11); do printf '{Key=k%d,Value=v},' "$i"; done | sed 's/,$//')]"
check "s3api delete-object-tagging" api delete-object-tagging --bucket ci-bucket --key tagged.bin
check "get-object-tagging after the delete is empty" tags_are ci-bucket tagged.bin ""
acl_is_owner_full_control() { # bucket[, key]: the one grant is the owner's FULL_CONTROL
  local out; if [ $# -eq 2 ]; then out=$(api get-object-acl --bucket "$1" --key "$2" --output text --query 'Grants[].[Grantee.ID,Permission]'); else
    out=$(api get-bucket-acl --bucket "$1" --output text --query 'Grants[].[Grantee.ID,Permission]'); fi || return 1
  equals grants "$out" "$ci_user	FULL_CONTROL"; }
check "s3api get-bucket-acl: the owner's full control" acl_is_owner_full_control ci-bucket
check "s3api get-object-acl: the owner's full control" acl_is_owner_full_control ci-bucket tagged.bin
check "s3api put-object-acl --acl private is accepted" api put-object-acl --bucket ci-bucket --key tagged.bin --acl private
check "s3 cp --acl public-read is refused: AccessControlListNotSupported" \
  fails_with AccessControlListNotSupported s3 cp "$work/small.bin" s3://ci-bucket/public.bin --acl public-read
check "and leaves no object" fails_with "Not Found" api head-object --bucket ci-bucket --key public.bin
check "s3api get-bucket-ownership-controls: BucketOwnerEnforced" equals ownership \
  "$(api get-bucket-ownership-controls --bucket ci-bucket --query 'OwnershipControls.Rules[0].ObjectOwnership' --output text)" BucketOwnerEnforced
check "s3 mb ci-tags" s3 mb s3://ci-tags
check "tag the 40 MB source" api put-object-tagging --bucket ci-bucket --key "$big_key" --tagging 'TagSet=[{Key=origin,Value=ci},{Key=size,Value=40MB}]'
check "s3 cp s3://ci-bucket/big s3://ci-tags/big (40 MB, multipart copy on the server)" s3 cp "s3://ci-bucket/$big_key" "s3://ci-tags/big copy.bin" --only-show-errors
check "the bucket-to-bucket copy's ETag is the multipart ETag of 8 MiB parts (-5)" \
  etag_is ci-tags "big copy.bin" "$(s3util etag-of-file $((8 * mib)) "$work/big.bin")"
copy_md5() { rm -f "$work/copy.back"; api get-object --bucket ci-tags --key "big copy.bin" "$work/copy.back" >/dev/null && equals MD5 "$(md5 "$work/copy.back")" "$(md5 "$work/big.bin")"; }
check "the bucket-to-bucket copy reads back with the source's MD5" copy_md5
check "the bucket-to-bucket copy has the source's tags" tags_are ci-tags "big copy.bin" "origin=ci size=40MB"
check "s3 rb --force ci-tags" s3 rb --force s3://ci-tags
check "s3api delete-object tagged.bin" api delete-object --bucket ci-bucket --key tagged.bin

# ===== multipart through s3api: two parts (a 5 MiB first part, the least a non-last part may be), list, complete,
# abort, and the errors a client gets for bad completions
mpu_key="mpu/two parts ü.bin"
head -c $((5 * mib)) /dev/urandom >"$work/part1"
head -c 1234567 /dev/urandom >"$work/part2"
cat "$work/part1" "$work/part2" >"$work/parts12"
create_upload() { # variable, key
  local got; got=$(api create-multipart-upload --bucket ci-bucket --key "$2" --content-type application/x-ci --metadata origin=ci \
    --query UploadId --output text) || return 1
  echo "$got"; is_id "$got" && printf -v "$1" %s "$got"
}
upload_part() { # upload id, key, part number, file: the part's ETag must be its MD5
  equals "part $3 ETag" "$(api upload-part --bucket ci-bucket --key "$2" --upload-id "$1" --part-number "$3" --body "$4" --query ETag --output text | tr -d '"')" "$(md5 "$4")"
}
parts_json() { # number:file... -> the --multipart-upload document
  local sep="" spec; printf '{"Parts":['
  for spec in "$@"; do printf '%s{"PartNumber":%s,"ETag":"\\"%s\\""}' "$sep" "${spec%%:*}" "$(md5 "${spec#*:}")"; sep=,; done
  printf ']}'
}
list_uploads() { api list-multipart-uploads --bucket ci-bucket --query 'Uploads[].[Key,UploadId]' --output text >"$work/uploads" && cat "$work/uploads"; }
upload_listed() { list_uploads && grep -qxF "$(printf '%s\t%s' "$1" "$2")" "$work/uploads"; }
upload_not_listed() { list_uploads && ! grep -qF "$1" "$work/uploads"; }
list_parts() { equals parts "$(api list-parts --bucket ci-bucket --key "$mpu_key" --upload-id "$upload_id" --query 'Parts[].[PartNumber,Size,ETag]' --output text | tr -d '"')" \
  "$(printf '1\t%s\t%s\n2\t%s\t%s' $((5 * mib)) "$(md5 "$work/part1")" 1234567 "$(md5 "$work/part2")")"; }
complete_upload() { equals "complete ETag" "$(api complete-multipart-upload --bucket ci-bucket --key "$mpu_key" --upload-id "$upload_id" \
  --multipart-upload "$(parts_json 1:"$work/part1" 2:"$work/part2")" --query ETag --output text | tr -d '"')" "$(s3util etag-of-parts "$work/part1" "$work/part2")"; }
completed_head() { equals head "$(api head-object --bucket ci-bucket --key "$mpu_key" --query '[ContentType,Metadata.origin,ContentLength]' --output text)" \
  "$(printf 'application/x-ci\tci\t%s' $((5 * mib + 1234567)))"; }
wrong_part='{"Parts":[{"PartNumber":1,"ETag":"\"0123456789abcdef0123456789abcdef\""},{"PartNumber":2,"ETag":"\"'$(md5 "$work/part2")'\""}]}'

check "create-multipart-upload returns an upload id" create_upload upload_id "$mpu_key"
check "upload-part 1 (5 MiB): ETag is its MD5" upload_part "$upload_id" "$mpu_key" 1 "$work/part1"
check "upload-part 2: ETag is its MD5" upload_part "$upload_id" "$mpu_key" 2 "$work/part2"
check "list-parts shows both parts with their sizes and ETags" list_parts
check "list-multipart-uploads shows the upload" upload_listed "$mpu_key" "$upload_id"
check "complete with a part ETag that was never uploaded is InvalidPart" \
  fails_with InvalidPart api complete-multipart-upload --bucket ci-bucket --key "$mpu_key" --upload-id "$upload_id" --multipart-upload "$wrong_part"
check "complete-multipart-upload (after the failed try): ETag is the MD5 of the part MD5s, -2" complete_upload
check "completed object reads back as part 1 then part 2" reads_back ci-bucket "$mpu_key" "$work/parts12"
check "completed object has the upload's content type and metadata" completed_head
check "get-object --part-number 2 returns part 2" reads_back ci-bucket "$mpu_key" "$work/part2" --part-number 2
check "list-multipart-uploads no longer shows the completed upload" upload_not_listed "$upload_id"
check "create a second upload" create_upload abort_id mpu/aborted.bin
check "upload-part to the second upload" upload_part "$abort_id" mpu/aborted.bin 1 "$work/part2"
check "abort-multipart-upload" api abort-multipart-upload --bucket ci-bucket --key mpu/aborted.bin --upload-id "$abort_id"
check "list-multipart-uploads no longer shows the aborted upload" upload_not_listed "$abort_id"
check "list-parts of the aborted upload is NoSuchUpload" fails_with NoSuchUpload api list-parts --bucket ci-bucket --key mpu/aborted.bin --upload-id "$abort_id"
check "upload-part to the aborted upload is NoSuchUpload" fails_with NoSuchUpload \
  api upload-part --bucket ci-bucket --key mpu/aborted.bin --upload-id "$abort_id" --part-number 2 --body "$work/part2"
check "the aborted upload left no object" fails_with 404 api head-object --bucket ci-bucket --key mpu/aborted.bin
check "create a third upload" create_upload small_id "mpu/too small.bin"
check "upload-part 1 of 1.2 MB to it" upload_part "$small_id" "mpu/too small.bin" 1 "$work/part2"
check "upload-part 2 of 5 MiB to it" upload_part "$small_id" "mpu/too small.bin" 2 "$work/part1"
check "complete with a first part under 5 MiB is EntityTooSmall" fails_with EntityTooSmall api complete-multipart-upload \
  --bucket ci-bucket --key "mpu/too small.bin" --upload-id "$small_id" --multipart-upload "$(parts_json 1:"$work/part2" 2:"$work/part1")"
check "abort the third upload" api abort-multipart-upload --bucket ci-bucket --key "mpu/too small.bin" --upload-id "$small_id"

# ===== deletes, and the bucket empty at the end
deleted_count() { equals "deleted count" "$(api delete-objects --bucket ci-bucket --delete \
  '{"Objects":[{"Key":"copies/small.bin"},{"Key":"copies/big copy.bin"},{"Key":"never-written"}]}' --query 'length(Deleted)' --output text)" 3; }
quiet_delete() { local out; out=$(api delete-objects --bucket ci-bucket --delete '{"Objects":[{"Key":"copies/meta.txt"}],"Quiet":true}' --output json) && equals output "$out" ""; }
check "delete-bucket refuses a non-empty bucket" fails_with BucketNotEmpty api delete-bucket --bucket ci-bucket
check "s3api delete-objects reports every key deleted" deleted_count
check "deleted objects are gone" fails_with 404 api head-object --bucket ci-bucket --key copies/small.bin
check "s3api delete-objects quiet reports nothing" quiet_delete
check "s3 rm" s3 rm "s3://ci-bucket/$big_key"
check "s3api delete-object" api delete-object --bucket ci-bucket --key small.bin
check "s3api delete-object meta" api delete-object --bucket ci-bucket --key meta.txt
check "s3api delete-object of the multipart object" api delete-object --bucket ci-bucket --key "$mpu_key"
check "s3 rb of the emptied bucket" s3 rb s3://ci-bucket

# ===== versioning: ids, reads by id, delete markers, undelete, version listing with paging
head -c 3000 /dev/urandom >"$work/v1.bin"
head -c 70000 /dev/urandom >"$work/v2.bin"
vkey="doc ü v.txt"
put_version() { # variable, key, file
  local got; got=$(api put-object --bucket ci-versions --key "$2" --body "$3" --query VersionId --output text) || return 1
  echo "$got"; is_id "$got" && printf -v "$1" %s "$got"
}
second_version() { put_version vid2 "$vkey" "$work/v2.bin" && [ "$vid2" != "$vid1" ]; }
versions_are() { # expected "id<TAB>IsLatest<TAB>size" lines of the key's versions, then of its delete markers
  equals versions "$(api list-object-versions --bucket ci-versions --prefix "$vkey" --query '(Versions || `[]`)[].[VersionId,IsLatest,Size]' --output text)" "$1" &&
    equals "delete markers" "$(api list-object-versions --bucket ci-versions --prefix "$vkey" --query '(DeleteMarkers || `[]`)[].[VersionId,IsLatest]' --output text)" "$2"
}
delete_marker() { local out; out=$(api delete-object --bucket ci-versions --key "$vkey" --query '[DeleteMarker,VersionId]' --output text) || return 1
  echo "$out"; [ "${out%%$'\t'*}" = True ] && marker=${out#*$'\t'} && is_id "$marker" && [ "$marker" != "$vid1" ] && [ "$marker" != "$vid2" ]; }
listed_keys_are() { equals keys "$(api list-objects-v2 --bucket ci-versions --query '(Contents || `[]`)[].[Key]' --output text)" "$1"; }
version_pages() { # five versions of two keys, one a page: every id once, newest first per key
  local ids=() i id
  for i in 1 2 3; do put_version id "other/ü $i" "$work/v1.bin" && put_version id "other/ü" "$work/v1.bin" && ids+=("$id") || return 1; done
  equals "paged versions of other/ü" "$(api list-object-versions --bucket ci-versions --prefix "other/ü" --page-size 1 --query "Versions[?Key=='other/ü'].VersionId" --output text | tr '\t' '\n')" \
    "$(printf '%s\n' "${ids[2]}" "${ids[1]}" "${ids[0]}")" &&
  equals "paged keys" "$(api list-object-versions --bucket ci-versions --prefix other/ --page-size 2 --query 'Versions[].Key' --output text | tr '\t' '\n' | LC_ALL=C sort | uniq -c | sed 's/^ *//')" \
    "$(printf '3 other/ü\n1 other/ü 1\n1 other/ü 2\n1 other/ü 3')"
}
delete_all_versions() { local doc
  doc=$(api list-object-versions --bucket ci-versions --query '{Objects: [Versions || `[]`, DeleteMarkers || `[]`][].{Key: Key, VersionId: VersionId}}' --output json) || return 1
  api delete-objects --bucket ci-versions --delete "$doc" >/dev/null && listed_versions_empty; }
versioning_is() { equals status "$(api get-bucket-versioning --bucket ci-versions --query Status --output text)" "$1"; }
listed_versions_empty() { equals "versions left" "$(api list-object-versions --bucket ci-versions --query 'length([Versions || `[]`, DeleteMarkers || `[]`][])' --output text)" 0; }

check "s3 mb ci-versions" s3 mb s3://ci-versions
check "put-bucket-versioning Enabled" api put-bucket-versioning --bucket ci-versions --versioning-configuration Status=Enabled
check "get-bucket-versioning says Enabled" versioning_is Enabled
check "put-object gives a version id" put_version vid1 "$vkey" "$work/v1.bin"
check "a second put gives another version id" second_version
check "list-object-versions shows both, the second latest" versions_are "$(printf '%s\tTrue\t70000\n%s\tFalse\t3000' "$vid2" "$vid1")" ""
check "get-object --version-id of the first returns the old bytes" reads_back ci-versions "$vkey" "$work/v1.bin" --version-id "$vid1"
check "get-object without a version returns the latest" reads_back ci-versions "$vkey" "$work/v2.bin"
check "delete-object makes a delete marker with its own version id" delete_marker
check "get-object then fails with 404 NoSuchKey" fails_with NoSuchKey api get-object --bucket ci-versions --key "$vkey" "$work/x"
check "head-object then fails with 404" fails_with 404 api head-object --bucket ci-versions --key "$vkey"
check "list-objects-v2 no longer lists the key" listed_keys_are ""
check "list-object-versions shows the marker latest and both versions" \
  versions_are "$(printf '%s\tFalse\t70000\n%s\tFalse\t3000' "$vid2" "$vid1")" "$(printf '%s\tTrue' "$marker")"
check "the old version still reads by id behind the marker" reads_back ci-versions "$vkey" "$work/v1.bin" --version-id "$vid1"
check "delete-object --version-id of the marker" api delete-object --bucket ci-versions --key "$vkey" --version-id "$marker"
check "the object is back: get-object returns the second version" reads_back ci-versions "$vkey" "$work/v2.bin"
check "list-objects-v2 lists the key again" listed_keys_are "$vkey"
check "delete-object --version-id of the second version" api delete-object --bucket ci-versions --key "$vkey" --version-id "$vid2"
check "get-object now returns the first version" reads_back ci-versions "$vkey" "$work/v1.bin"
check "list-object-versions paging (--page-size 1, 2) returns every version once, newest first" version_pages
check "delete-objects of every version and marker empties the bucket" delete_all_versions
check "s3 rb of the versioned bucket" s3 rb s3://ci-versions

# ===== aws s3 sync of a tree: 2,000 files of 0-64 KiB in nested directories (names with spaces, unicode, + % & ;)
# and one 300 MiB file, up, again with nothing to do, with one changed file, down into a fresh directory; then
# listings of it through s3api (paging, v1 and v2, prefixes and delimiters) and `s3 rm --recursive`
tree=$work/tree
changed="a/naïve café.bin"
s3util tree "$tree" 2000 1
mkdir -p "$tree/media" && head -c $((300 * mib)) /dev/urandom >"$tree/media/big video.bin"
expect_listing() { # the keys in S3's order (UTF-8 bytes, as sort in the C locale), and "key<TAB>size"
  (cd "$tree" && find . -type f -printf '%P\n' | LC_ALL=C sort) >"$work/keys.expected"
  (cd "$tree" && find . -type f -printf '%P\t%s\n' | LC_ALL=C sort) >"$work/sizes.expected"
}
sync_plan_empty() { local out; out=$(s3 sync "$tree" s3://ci-sync/ --dryrun) || return 1; equals "second sync's plan" "$out" ""; }
sync_one_change() { local out
  printf 'changed' >>"$tree/$changed"
  out=$(s3 sync "$tree" s3://ci-sync/ --no-progress) || return 1
  echo "$out"; equals "uploads" "$(sed -E 's/^upload: .* to //' <<<"$out")" "s3://ci-sync/$changed"
}
ls_recursive() { # the 2,001 keys with their sizes, in key order
  local out; out=$(s3 ls --recursive s3://ci-sync/) || return 1
  equals "s3 ls --recursive" "$(sed -E 's/^[0-9-]+ [0-9:]+ +([0-9]+) (.*)$/\2\t\1/' <<<"$out")" "$(cat "$work/sizes.expected")" &&
    equals count "$(wc -l <<<"$out")" 2001
}
paged_v2() { # CLI pages of at most 400 keys, 7 keys a request, each page resumed from the CLI's NextToken
  local token="" calls=0
  : >"$work/keys.paged"
  while :; do
    api list-objects-v2 --bucket ci-sync --page-size 7 --max-items 400 ${token:+--starting-token "$token"} \
      --query '{keys: Contents[].Key, token: NextToken}' --output json | s3util page "$work/token" >>"$work/keys.paged" || return 1
    token=$(cat "$work/token"); calls=$((calls + 1))
    [ -n "$token" ] || break
    [ "$calls" -lt 10 ] || { echo "no end after $calls pages"; return 1; }
  done
  equals "CLI calls" "$calls" 6 && equals "keys" "$(cat "$work/keys.paged")" "$(cat "$work/keys.expected")"
}
all_keys() { # list command, options...: every key, one a line
  local command=$1; shift
  api "$command" --bucket ci-sync "$@" --query '(Contents || `[]`)[].[Key]' --output text
}
paged_v1() { equals keys "$(all_keys list-objects --page-size 300)" "$(cat "$work/keys.expected")"; }
delimited() { # prefix, page size, expected common prefixes, expected keys
  local out
  out=$(api list-objects-v2 --bucket ci-sync --prefix "$1" --delimiter / --page-size "$2" --output json \
    --query '{p: CommonPrefixes[].Prefix, k: Contents[].Key}') || return 1
  equals "common prefixes" "$(python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["p"] or []))' <<<"$out")" "$3" &&
    equals "keys" "$(python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["k"] or []))' <<<"$out")" "$4"
}
expected_level() { # prefix, "prefixes"|"keys": the level below the prefix, worked out from the local tree
  local rest
  grep -F -- "$1" "$work/keys.expected" | while IFS= read -r key; do
    [[ $key == "$1"* ]] || continue
    rest=${key#"$1"}
    if [ "$2" = prefixes ]; then [ "${rest#*/}" != "$rest" ] && printf '%s%s/\n' "$1" "${rest%%/*}"
    else [ "${rest#*/}" = "$rest" ] && printf '%s\n' "$key"; fi
  done | LC_ALL=C sort -u
}
listing_empty() { local out
  out=$(s3 ls --recursive s3://ci-sync/); equals "s3 ls --recursive" "$out" "" &&
    equals KeyCount "$(api list-objects-v2 --bucket ci-sync --no-paginate --query KeyCount --output text)" 0
}

check "s3 mb ci-sync" s3 mb s3://ci-sync
check "s3 sync up: 2,000 small files and one of 300 MiB" s3 sync "$tree" s3://ci-sync/ --only-show-errors
check "a second s3 sync up has nothing to do (--dryrun plans nothing)" sync_plan_empty
check "after one file grew, s3 sync uploads just that file" sync_one_change
expect_listing
check "300 MiB object's ETag is the multipart ETag of its 8 MiB parts (-38)" \
  etag_is ci-sync "media/big video.bin" "$(s3util etag-of-file $((8 * mib)) "$tree/media/big video.bin")"
check "s3 sync down into a fresh directory" s3 sync s3://ci-sync/ "$work/down" --only-show-errors
check "diff -r of the tree and its copy down: equal" diff -r "$tree" "$work/down"
check "s3 ls --recursive lists the 2,001 objects with their sizes, in key order" ls_recursive
check "list-objects-v2 --max-items 400 --page-size 7 from NextToken to NextToken: every key once, in order" paged_v2
check "list-objects (v1) --page-size 300: every key once, in order" paged_v1
for prefix in "" "with space/" "ünïcödé/" "symbols +&=;/" "deep/1/2/"; do
  check "list-objects-v2 --prefix '$prefix' --delimiter / --page-size 3: CommonPrefixes and keys of that level once each" \
    delimited "$prefix" 3 "$(expected_level "$prefix" prefixes)" "$(expected_level "$prefix" keys)"
done
prefixed() { equals keys "$(all_keys list-objects-v2 --prefix "$1" --page-size 50)" "$(awk -v p="$1" 'index($0, p) == 1' "$work/keys.expected")"; }
check "list-objects-v2 --prefix 'with space/inner' (no delimiter) --page-size 50: the keys under it" prefixed "with space/inner"
check "s3 rm --recursive" s3 rm --recursive s3://ci-sync/ --only-show-errors
check "the listing is then empty" listing_empty
check "s3 rb of the emptied bucket" s3 rb s3://ci-sync

check "wrong secret is refused" fails_with SignatureDoesNotMatch env AWS_SECRET_ACCESS_KEY=wrong "$aws_bin" --endpoint-url "$endpoint" s3 ls

finish
