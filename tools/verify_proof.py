#!/usr/bin/env python3
"""Checks a chainlog tlog-proof offline: python3 verify_proof.py PROOF.tlog-proof [KEY.pub]

The proof is a C2SP tlog-proof (docs/FORMAT.md §9d): the entry (extra line), its leaf index, the RFC 6962 inclusion
proof, and a signed tlog-checkpoint. The inclusion check needs nothing but hashlib; with KEY.pub the checkpoint's
signature is checked too (signed_note.py, with openssl). Prints "OK: ..." and exits 0, or says what is wrong and
exits 1.
"""
import base64
import hashlib
import sys

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__.strip().splitlines()[0])
proof = open(sys.argv[1], encoding="utf-8").read()
head, checkpoint = proof.split("\n\n", 1)
lines = head.split("\n")
if lines[0] != "c2sp.org/tlog-proof@v1" or not lines[1].startswith("extra ") or not lines[2].startswith("index "):
    sys.exit("not a chainlog tlog-proof (it must carry the entry in an extra line)")
value, index = base64.b64decode(lines[1][6:]), int(lines[2][6:])
path = [base64.b64decode(h) for h in lines[3:]]
size, root = int(checkpoint.split("\n")[1]), base64.b64decode(checkpoint.split("\n")[2])


def sha(b):
    return hashlib.sha256(b).digest()


# RFC 9162 2.1.3.2: fold the path from the leaf hash up, left or right by the bits of the index.
if index >= size:
    sys.exit(f"index {index} is not in the checkpoint's tree of size {size}")
fn, sn, r = index, size - 1, sha(b"\x00" + sha(value))
for p in path:
    if sn == 0:
        sys.exit("the proof is longer than the tree is high")
    if fn & 1 or fn == sn:
        r = sha(b"\x01" + p + r)
        while fn & 1 == 0 and fn != 0:
            fn, sn = fn >> 1, sn >> 1
    else:
        r = sha(b"\x01" + r + p)
    fn, sn = fn >> 1, sn >> 1
if sn != 0 or r != root:
    sys.exit(f"the proof does not lead from entry seq {index + 1} to the checkpoint's root")
signer = " (the checkpoint's signature was not checked: give KEY.pub to trust the root)"
if len(sys.argv) == 3:
    import signed_note
    signer = ", signed by " + signed_note.verify(checkpoint, sys.argv[2])
print(f"OK: entry seq {index + 1} is in the tree of size {size}, root {root.hex()}{signer}")
