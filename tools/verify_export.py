#!/usr/bin/env python3
"""Verifies a chainlog export without chainlog: python3 verify_export.py EXPORT.jsonl [SEQ:HASH]

An export is JSON Lines, one stored value per line, verbatim (docs/FORMAT.md §3). Each line's "prev" must be the
SHA-256 of the line before it (64 zeros before seq 1), seqs must step by one, and with SEQ:HASH (a head pinned
earlier, from `chainlog head`) the export must reach that seq with that hash; seq 0 is the empty log, whose hash
is 64 zeros. Prints "OK SEQ:HASH" (the export's head) and exits 0, or says what is wrong and exits 1. Needs only
the Python 3 standard library.
"""
import hashlib
import json
import re
import sys

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__.strip().splitlines()[0])
pinned = None
if len(sys.argv) == 3:
    m = re.fullmatch(r"([0-9]+):([0-9a-fA-F]{64})", sys.argv[2])
    if not m:
        sys.exit(f"a pinned head is SEQ:HASH (SEQ 0 or more, HASH 64 hex digits), got {sys.argv[2]!r}")
    pinned = (int(m.group(1)), m.group(2).lower())
with open(sys.argv[1], "rb") as f:
    data = f.read()
if data and not data.endswith(b"\n"):
    sys.exit("the last line does not end with a newline (the file was cut short?)")
prev, last, hash_at_pinned = "0" * 64, 0, "0" * 64
for n, line in enumerate(data.split(b"\n")[:-1], 1):
    try:
        e = json.loads(line)
        seq, entry_prev = e["seq"], e["prev"]
    except (ValueError, KeyError, TypeError):
        sys.exit(f"line {n}: not a chainlog entry")
    if n > 1 and seq != last + 1:
        sys.exit(f"line {n}: seq {seq} after {last}")
    if (n > 1 or seq == 1) and entry_prev != prev:
        sys.exit(f"line {n}: chain break at seq {seq}")
    prev, last = hashlib.sha256(line).hexdigest(), seq
    if pinned and seq == pinned[0]:
        hash_at_pinned = prev
if pinned and (pinned[0] > last or hash_at_pinned != pinned[1]):
    sys.exit(f"the pinned head {pinned[0]}:{pinned[1]} is not in the export (it ends at {last}:{prev})")
print(f"OK {last}:{prev}")
