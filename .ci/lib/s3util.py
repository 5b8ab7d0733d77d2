"""Helpers for the client check scripts that plain shell does badly.

  tree DIR COUNT SEED       COUNT files of 0-64 KiB of seeded random bytes (every 400th empty) in nested
                            directories, a few of them named with spaces, unicode and characters that URL
                            encoding must carry (+ % & ; = ~ ')
  etag-of-file SIZE FILE    the ETag S3 gives FILE uploaded in SIZE-byte parts: md5 of the part md5s, "-N"
  etag-of-parts FILE...     the same with each FILE one part
  page TOKEN_FILE           reads `--query '{keys: Contents[].Key, token: NextToken}'` JSON from stdin, prints the
                            keys one a line and writes the token (empty at the end) to TOKEN_FILE
"""
import hashlib
import json
import os
import random
import sys

DIRS = ["", "a", "a/b", "a/b/c", "docs", "docs/2026", "with space", "with space/inner dir", "ünïcödé",
        "ünïcödé/日本語", "deep/1/2/3/4/5", "symbols +&=;"]
SPECIAL_NAMES = ["file with spaces.txt", "naïve café.bin", "日本語ファイル.dat", "emoji 🎉 party.txt",
                 "plus+and&amp.txt", "percent%20literal.txt", "tilde~and'quote.txt", "  leading spaces.txt"]
MAX_SIZE = 64 * 1024


def tree(root, count, seed):
    rng = random.Random(seed)
    for i in range(count):
        name = SPECIAL_NAMES[i] if i < len(SPECIAL_NAMES) else f"f{i:05d}.bin"
        path = os.path.join(root, DIRS[i % len(DIRS)], name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            # every 400th file empty: zero-byte objects are their own path through PUT, GET and listings
            f.write(b"" if i % 400 == 9 else rng.randbytes(rng.randint(0, MAX_SIZE)))


def multipart_etag(parts):
    digests = b"".join(hashlib.md5(p).digest() for p in parts)
    return f"{hashlib.md5(digests).hexdigest()}-{len(parts)}"


def etag_of_file(size, path):
    with open(path, "rb") as f:
        parts = list(iter(lambda: f.read(size), b""))
    return multipart_etag(parts)


def etag_of_parts(paths):
    parts = []
    for path in paths:
        with open(path, "rb") as f:
            parts.append(f.read())
    return multipart_etag(parts)


def page(token_file):
    doc = json.load(sys.stdin)
    for key in doc.get("keys") or []:
        print(key)
    with open(token_file, "w") as f:
        f.write(doc.get("token") or "")


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "tree":
        tree(args[0], int(args[1]), int(args[2]))
    elif command == "etag-of-file":
        print(etag_of_file(int(args[0]), args[1]))
    elif command == "etag-of-parts":
        print(etag_of_parts(args))
    elif command == "page":
        page(args[0])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
