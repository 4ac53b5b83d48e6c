// Generates RFC 6962 tree vectors with Go's golang.org/x/mod/sumdb/tlog, for chainlog's TreeInteropTest.
// Leaf data of leaf i (seq i+1) = SHA-256 of the ASCII decimal i.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

func leafData(i int64) []byte {
	s := sha256.Sum256([]byte(strconv.FormatInt(i, 10)))
	return s[:]
}

func join(hs []tlog.Hash) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = hex.EncodeToString(h[:])
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ",")
}

func main() {
	maxSize := int64(150000)
	stored := []tlog.Hash{}
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	rng := rand.New(rand.NewSource(20261202))
	sizes := map[int64]bool{}
	for n := int64(1); n <= 17; n++ {
		sizes[n] = true
	}
	for _, n := range []int64{31, 32, 33, 255, 256, 257, 65535, 65536, 65537, 100000, maxSize} {
		sizes[n] = true
	}
	for len(sizes) < 17+11+30 {
		sizes[1+rng.Int63n(maxSize)] = true
	}
	var list []int64
	for n := range sizes {
		list = append(list, n)
	}
	sort.Slice(list, func(a, b int) bool { return list[a] < list[b] })

	w := os.Stdout
	fmt.Fprintln(w, "# RFC 6962 tree vectors from golang.org/x/mod/sumdb/tlog (Debian golang-golang-x-mod-dev).")
	fmt.Fprintln(w, "# leaf data of leaf index i = SHA-256(ASCII decimal of i); leaf hash = SHA-256(0x00 || leaf data).")
	fmt.Fprintln(w, "# root SIZE HASH | inclusion SIZE INDEX HASHES | consistency OLD NEW HASHES ('-' = none)")
	next := 0
	for n := int64(0); n < maxSize; n++ {
		hs, err := tlog.StoredHashes(n, leafData(n), reader)
		if err != nil {
			panic(err)
		}
		stored = append(stored, hs...)
		size := n + 1
		if next < len(list) && list[next] == size {
			next++
			root, err := tlog.TreeHash(size, reader)
			if err != nil {
				panic(err)
			}
			fmt.Fprintf(w, "root %d %s\n", size, hex.EncodeToString(root[:]))
			var idxs, olds []int64
			if size <= 17 {
				for i := int64(0); i < size; i++ {
					idxs = append(idxs, i)
					olds = append(olds, i+1)
				}
			} else {
				idxs = []int64{0, size - 1, rng.Int63n(size), rng.Int63n(size)}
				olds = []int64{1, size - 1, 1 + rng.Int63n(size), int64(1) << (63 - countLeading(size-1))}
			}
			for _, i := range idxs {
				p, err := tlog.ProveRecord(size, i, reader)
				if err != nil {
					panic(err)
				}
				fmt.Fprintf(w, "inclusion %d %d %s\n", size, i, join(p))
			}
			for _, m := range olds {
				p, err := tlog.ProveTree(size, m, reader)
				if err != nil {
					panic(err)
				}
				fmt.Fprintf(w, "consistency %d %d %s\n", m, size, join(p))
			}
		}
	}
}

func countLeading(x int64) int {
	n := 0
	for i := 63; i >= 0; i-- {
		if x&(int64(1)<<uint(i)) != 0 {
			break
		}
		n++
	}
	return n
}
