#!/usr/bin/env python3
"""Checks a chainlog export against a signed checkpoint: python3 verify_checkpoint.py EXPORT.jsonl NOTE KEY.pub

The checkpoint is a C2SP tlog-checkpoint in a signed note (docs/FORMAT.md §3a) signed with Ed25519; KEY.pub is the
signer's public key (X.509 PEM, from `chainlog keygen`). The note must carry a valid signature by that key; the
export must hold the entry the checkpoint names with the chain head it signs (extension line chainlog-head; the third
line in checkpoints signed before chainlog kept a Merkle tree) and, when the export starts at seq 1, its first
tree-size entries must have the signed RFC 6962 Merkle root (docs/FORMAT.md §9a). Run verify_export.py first: it
checks the chain itself.
Prints "OK: ..." and exits 0, or says what is wrong and exits 1. Needs Python 3 and the openssl command (OpenSSL 3).
"""
import base64
import hashlib
import json
import sys

import signed_note

if len(sys.argv) != 4:
    sys.exit(__doc__.strip().splitlines()[0])
export, note, pub = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3]
text = signed_note.text(note)
lines = text.split("\n")[:-1]
size, third = int(lines[1]), base64.b64decode(lines[2])
heads = [l.split(" ")[1] for l in lines[3:] if l.startswith("chainlog-head ")]
head, root = (base64.b64decode(heads[0]).hex(), third) if heads else (third.hex(), None)
signed_note.verify(note, pub)
values = open(export, "rb").read().split(b"\n")[:-1]
hashes = {json.loads(l)["seq"]: hashlib.sha256(l).hexdigest() for l in values}
if size not in hashes:
    sys.exit(f"seq {size} is not in the export (truncated, or pruned before it)")
if hashes[size] != head:
    sys.exit(f"seq {size} does not match the signed checkpoint: history was rewritten")


def mth(leaves):  # RFC 6962 Merkle tree hash of a list of leaf hashes
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << (len(leaves) - 1).bit_length() - 1
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


if root is not None and size > 0 and 1 in hashes:
    leaves = [hashlib.sha256(b"\x00" + bytes.fromhex(hashes[s])).digest() for s in range(1, size + 1)]
    if mth(leaves) != root:
        sys.exit(f"the Merkle root of entries 1..{size} is not the signed one: history was rewritten")
    print(f"OK: seq {size} matches the signed checkpoint, and so does the Merkle root of entries 1..{size}")
else:
    print(f"OK: seq {size} matches the signed checkpoint" + ("" if root is None else
          " (the export starts after seq 1: its Merkle root needs the pruned entries)"))
