"""C2SP signed-note checks shared by the tools (docs/FORMAT.md §3a): the note text, and an Ed25519 signature on it
by a trusted key (X.509 PEM, from `chainlog keygen`), verified with the openssl command (OpenSSL 3)."""
import base64
import hashlib
import subprocess
import sys
import tempfile


def text(note):
    """The note text: everything up to and including the newline before the empty line."""
    return note[:note.index("\n\n") + 1]


def verify(note, pub):
    """Exits unless the note carries a valid signature by the key in the PEM file pub."""
    body, sigs = text(note), note[note.index("\n\n") + 2:].splitlines()
    pem = open(pub).read()
    raw = base64.b64decode(pem.split("-----BEGIN PUBLIC KEY-----")[1].split("-----END PUBLIC KEY-----")[0])[-32:]
    for name, b64 in (line[2:].split(" ") for line in sigs):
        blob = base64.b64decode(b64)
        if blob[:4] != hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]:
            continue  # a signature by another key
        with tempfile.NamedTemporaryFile() as t, tempfile.NamedTemporaryFile() as s:
            t.write(body.encode()); t.flush(); s.write(blob[4:]); s.flush()
            if subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", t.name,
                               "-sigfile", s.name], capture_output=True).returncode != 0:
                sys.exit("bad signature by " + name)
            return name
    sys.exit("no signature by the trusted key")
