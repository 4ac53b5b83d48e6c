#!/usr/bin/env python3
"""Checks a chainlog export against a signed checkpoint: python3 verify_checkpoint.py EXPORT.jsonl NOTE KEY.pub

The checkpoint is a C2SP signed note (docs/FORMAT.md §3a) signed with Ed25519; KEY.pub is the signer's public key
(X.509 PEM, from `chainlog keygen`). The note must carry a valid signature by that key, and the export must hold
the entry the checkpoint names with the same hash. Run verify_export.py first: it checks the chain itself.
Prints "OK: ..." and exits 0, or says what is wrong and exits 1. Needs Python 3 and the openssl command (OpenSSL 3).
"""
import base64
import hashlib
import json
import subprocess
import sys
import tempfile

if len(sys.argv) != 4:
    sys.exit(__doc__.strip().splitlines()[0])
export, note, pub = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3]
text, sigs = note[:note.index("\n\n") + 1], note[note.index("\n\n") + 2:].splitlines()
size, root = int(text.split("\n")[1]), base64.b64decode(text.split("\n")[2]).hex()
pem = open(pub).read()
raw = base64.b64decode(pem.split("-----BEGIN PUBLIC KEY-----")[1].split("-----END PUBLIC KEY-----")[0])[-32:]
ok = False
for name, b64 in (line[2:].split(" ") for line in sigs):
    blob = base64.b64decode(b64)
    if blob[:4] != hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]:
        continue  # a signature by another key
    with tempfile.NamedTemporaryFile() as t, tempfile.NamedTemporaryFile() as s:
        t.write(text.encode()); t.flush(); s.write(blob[4:]); s.flush()
        if subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", t.name,
                           "-sigfile", s.name], capture_output=True).returncode != 0:
            sys.exit("bad signature by " + name)
        ok = True
if not ok:
    sys.exit("no signature by the trusted key")
hashes = {json.loads(l)["seq"]: hashlib.sha256(l).hexdigest() for l in open(export, "rb").read().split(b"\n")[:-1]}
if size not in hashes:
    sys.exit(f"seq {size} is not in the export (truncated, or pruned before it)")
if hashes[size] != root:
    sys.exit(f"seq {size} does not match the signed checkpoint: history was rewritten")
print(f"OK: seq {size} matches the signed checkpoint")
