// Command tlog-interop checks chainlog's checkpoints and proofs with Go's reference implementations
// (golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog), and makes a Go-signed fixture for chainlog's tests.
//
//	verify PROOF.tlog-proof KEY.pub   verify a chainlog tlog-proof: the note signature (sumdb/note), the
//	                                  checkpoint's first three lines, the inclusion proof (tlog.CheckRecord) of
//	                                  the entry in its extra line; prints "OK seq N size S root R"
//	checkpoint NOTE KEY.pub ENTRIES   verify a chainlog checkpoint note and that its root is the RFC 6962 root
//	                                  (tlog.TreeHash) of the stored values in ENTRIES (an export, one per line)
//	tiles DIR KEY.pub                 read a chainlog export-tiles folder with tlog.TileHashReader: the root of
//	                                  the checkpoint's size, and record proofs of every 97th entry from the bundles
//	fixture DIR                       write a Go-made log of 1000 leaves: go.pub (X.509 PEM), checkpoint.note,
//	                                  proof-N.tlog-proof for a few N, consistency.txt, tampered proofs
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// verifierFromPEM makes a sumdb/note verifier key ("name+hash+base64(0x01||key)") from a PEM public key.
func verifierFromPEM(name, pemFile string) note.Verifier {
	b, err := os.ReadFile(pemFile)
	if err != nil {
		die("%v", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		die("%s: no PEM block", pemFile)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		die("%v", err)
	}
	pub := k.(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil {
		die("%v", err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		die("%v", err)
	}
	return v
}

// memReader reads stored hashes (in tlog.StoredHashes order) from memory.
func memReader(hashes *[]tlog.Hash) tlog.HashReaderFunc {
	return func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for j, x := range idx {
			out[j] = (*hashes)[x]
		}
		return out, nil
	}
}

// treeHead parses the first three lines of a tlog-checkpoint note text.
func treeHead(text string) (origin string, size int64, root tlog.Hash) {
	lines := strings.Split(text, "\n")
	if len(lines) < 4 {
		die("a checkpoint has at least three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		die("tree size: %v", err)
	}
	r, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(r) != 32 {
		die("root hash: %v", err)
	}
	copy(root[:], r)
	return lines[0], size, root
}

func openNote(msg []byte, pubFile string) *note.Note {
	origin := strings.SplitN(string(msg), "\n", 2)[0]
	n, err := note.Open(msg, note.VerifierList(verifierFromPEM(origin, pubFile)))
	if err != nil {
		die("note.Open: %v", err)
	}
	return n
}

func verifyProof(proofFile, pubFile string) {
	b, err := os.ReadFile(proofFile)
	if err != nil {
		die("%v", err)
	}
	parts := strings.SplitN(string(b), "\n\n", 2)
	lines := strings.Split(parts[0], "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		die("not a tlog-proof")
	}
	i := 1
	var extra []byte
	if strings.HasPrefix(lines[i], "extra ") {
		extra, err = base64.StdEncoding.DecodeString(lines[i][6:])
		if err != nil {
			die("extra: %v", err)
		}
		i++
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[i], "index "), 10, 64)
	if err != nil {
		die("index: %v", err)
	}
	var proof tlog.RecordProof
	for _, l := range lines[i+1:] {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != 32 {
			die("proof hash: %v", err)
		}
		var x tlog.Hash
		copy(x[:], h)
		proof = append(proof, x)
	}
	n := openNote([]byte(parts[1]), pubFile)
	_, size, root := treeHead(n.Text)
	leafData := sha256.Sum256(extra)
	if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(leafData[:])); err != nil {
		die("tlog.CheckRecord: %v", err)
	}
	fmt.Printf("OK seq %d size %d root %s\n", index+1, size, base64.StdEncoding.EncodeToString(root[:]))
}

func verifyCheckpoint(noteFile, pubFile, entries string) {
	msg, err := os.ReadFile(noteFile)
	if err != nil {
		die("%v", err)
	}
	n := openNote(msg, pubFile)
	_, size, root := treeHead(n.Text)
	f, err := os.Open(entries)
	if err != nil {
		die("%v", err)
	}
	defer f.Close()
	var hashes []tlog.Hash
	var count int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && count < size {
		d := sha256.Sum256(sc.Bytes())
		hs, err := tlog.StoredHashes(count, d[:], memReader(&hashes))
		if err != nil {
			die("%v", err)
		}
		hashes = append(hashes, hs...)
		count++
	}
	if count != size {
		die("the export holds %d entries, the checkpoint's tree %d", count, size)
	}
	got, err := tlog.TreeHash(size, memReader(&hashes))
	if err != nil {
		die("%v", err)
	}
	if got != root {
		die("root mismatch: the export's entries make %s, the checkpoint signs %s", got, root)
	}
	fmt.Printf("OK size %d root %s (signature by %s)\n", size, base64.StdEncoding.EncodeToString(root[:]), n.Sigs[0].Name)
}

func fixture(dir string) {
	const size = 1000
	rnd := rand.New(rand.NewSource(2026))
	origin := "chainlog/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
	skey, _, err := note.GenerateKey(rnd, origin)
	if err != nil {
		die("%v", err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		die("%v", err)
	}
	// The public key, as X.509 PEM for chainlog: the last 32 bytes of the signer key's decoded form.
	keyBytes, _ := base64.StdEncoding.DecodeString(skey[strings.LastIndex(skey, "+")+1:])
	priv := ed25519.NewKeyFromSeed(keyBytes[1:])
	der, _ := x509.MarshalPKIXPublicKey(priv.Public())
	os.WriteFile(filepath.Join(dir, "go.pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644)

	var values [][]byte
	var hashes []tlog.Hash
	reader := memReader(&hashes)
	for i := int64(0); i < size; i++ {
		v := []byte(fmt.Sprintf(`{"go":"entry %d"}`, i+1))
		values = append(values, v)
		d := sha256.Sum256(v)
		hs, err := tlog.StoredHashes(i, d[:], reader)
		if err != nil {
			die("%v", err)
		}
		hashes = append(hashes, hs...)
	}
	root, _ := tlog.TreeHash(size, reader)
	text := fmt.Sprintf("%s\n%d\n%s\nexample-extension made by Go\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
	signed, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil {
		die("%v", err)
	}
	os.WriteFile(filepath.Join(dir, "checkpoint.note"), signed, 0o644)
	for _, index := range []int64{0, 1, 255, 256, 511, 700, 999} {
		p, err := tlog.ProveRecord(size, index, reader)
		if err != nil {
			die("%v", err)
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "c2sp.org/tlog-proof@v1\nextra %s\nindex %d\n", base64.StdEncoding.EncodeToString(values[index]), index)
		for _, h := range p {
			fmt.Fprintf(&b, "%s\n", base64.StdEncoding.EncodeToString(h[:]))
		}
		fmt.Fprintf(&b, "\n%s", signed)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("proof-%d.tlog-proof", index+1)), b.Bytes(), 0o644)
	}
	var c bytes.Buffer
	for _, old := range []int64{1, 7, 256, 257, 600, 999, 1000} {
		p, err := tlog.ProveTree(size, old, reader)
		if err != nil {
			die("%v", err)
		}
		oldRoot, _ := tlog.TreeHash(old, reader)
		fmt.Fprintf(&c, "%d %d %s %s", old, size, base64.StdEncoding.EncodeToString(oldRoot[:]), base64.StdEncoding.EncodeToString(root[:]))
		for _, h := range p {
			fmt.Fprintf(&c, " %s", base64.StdEncoding.EncodeToString(h[:]))
		}
		fmt.Fprintln(&c)
	}
	os.WriteFile(filepath.Join(dir, "consistency.txt"), c.Bytes(), 0o644)
}

// tileFiles reads C2SP tlog-tiles paths: Go's sumdb paths carry the height ("tile/8/L/N"), C2SP's do not.
type tileFiles struct{ dir string }

func (t tileFiles) Height() int { return 8 }

func (t tileFiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tile := range tiles {
		b, err := os.ReadFile(filepath.Join(t.dir, strings.Replace(tile.Path(), "tile/8/", "tile/", 1)))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (t tileFiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func verifyTiles(dir, pubFile string) {
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		die("%v", err)
	}
	n := openNote(msg, pubFile)
	_, size, root := treeHead(n.Text)
	hr := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tileFiles{dir})
	got, err := tlog.TreeHash(size, hr)
	if err != nil || got != root {
		die("tree hash from the tiles: %v %v", got, err)
	}
	checked := 0
	for i := int64(0); i < size; i += 97 {
		bundle := tlog.Tile{H: 8, L: 0, N: i / 256, W: int(min64(256, size-(i/256)*256))}
		b, err := os.ReadFile(filepath.Join(dir, strings.Replace(bundle.Path(), "tile/8/0/", "tile/entries/", 1)))
		if os.IsNotExist(err) {
			continue // a pruned log writes no bundle below its minimum index
		}
		if err != nil {
			die("%v", err)
		}
		at := int(i%256) * 34
		if b[at] != 0 || b[at+1] != 32 {
			die("entry %d is not a 32-byte leaf", i)
		}
		p, err := tlog.ProveRecord(size, i, hr)
		if err != nil {
			die("ProveRecord %d: %v", i, err)
		}
		if err := tlog.CheckRecord(p, size, root, i, tlog.RecordHash(b[at+2:at+34])); err != nil {
			die("CheckRecord %d: %v", i, err)
		}
		checked++
	}
	fmt.Printf("OK size %d root %s from the tiles; %d record proofs from the bundles\n", size,
		base64.StdEncoding.EncodeToString(root[:]), checked)
}

func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func main() {
	if len(os.Args) < 3 {
		die("usage: tlog-interop verify PROOF KEY.pub | checkpoint NOTE KEY.pub ENTRIES | fixture DIR")
	}
	switch os.Args[1] {
	case "verify":
		verifyProof(os.Args[2], os.Args[3])
	case "checkpoint":
		verifyCheckpoint(os.Args[2], os.Args[3], os.Args[4])
	case "tiles":
		verifyTiles(os.Args[2], os.Args[3])
	case "fixture":
		fixture(os.Args[2])
	default:
		die("unknown mode %s", os.Args[1])
	}
}
