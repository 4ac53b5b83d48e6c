#!/usr/bin/env python3
"""Verifies a chainlog export without chainlog: python3 verify_export.py EXPORT.jsonl [SEQ:HASH]

An export is JSON Lines, one stored value per line, verbatim (docs/FORMAT.md §3). Each line's "prev" must be the
SHA-256 of the line before it (64 zeros before seq 1), seqs must step by one, and with SEQ:HASH (a head pinned
earlier, from `chainlog head`) the export must reach that seq with that hash. Prints "OK SEQ:HASH" (the export's
head) and exits 0, or names the first bad line and exits 1. Needs only the Python 3 standard library.
"""
import hashlib
import json
import sys

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__.strip().splitlines()[0])
prev, last, pinned_hash = "0" * 64, None, None
pinned = sys.argv[2].split(":") if len(sys.argv) == 3 else None
with open(sys.argv[1], "rb") as f:
    data = f.read()
if data and not data.endswith(b"\n"):
    sys.exit("the last line does not end with a newline (the file was cut short?)")
for n, line in enumerate(data.split(b"\n")[:-1], 1):
    e = json.loads(line)
    if last is not None and e["seq"] != last + 1:
        sys.exit(f"line {n}: seq {e['seq']} after {last}")
    if (last is not None or e["seq"] == 1) and e["prev"] != prev:
        sys.exit(f"line {n}: chain break at seq {e['seq']}")
    prev, last = hashlib.sha256(line).hexdigest(), e["seq"]
    if pinned and e["seq"] == int(pinned[0]):
        pinned_hash = prev
if pinned:
    if not pinned[0].isdigit():
        sys.exit(f"a pinned head is SEQ:HASH with SEQ 0 or more, got {sys.argv[2]}")
    seen = pinned_hash if int(pinned[0]) > 0 else "0" * 64  # seq 0 is the empty log, whose hash is 64 zeros
    if seen != pinned[1].lower():
        sys.exit(f"the pinned head {sys.argv[2]} is not in the export (it ends at {last}:{prev})")
print(f"OK {last}:{prev}")
