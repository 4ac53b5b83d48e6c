package dev.chainlog.verify;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TreeHashes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export file seen as a log for {@link CheckpointAudit}: one streaming pass that verifies the chain and keeps
 * only the hashes the checkpoints ask about, so an auditor can check a multi-gigabyte export offline.
 */
public final class ExportView implements CheckpointAudit.ChainView {
    private final IntegrityReport chain;
    private final Map<Long, String> hashes;
    private final Map<Long, byte[]> roots;
    private final String firstPrev;

    private ExportView(IntegrityReport chain, Map<Long, String> hashes, Map<Long, byte[]> roots, String firstPrev) {
        this.chain = chain;
        this.hashes = hashes;
        this.roots = roots;
        this.firstPrev = firstPrev;
    }

    /**
     * Reads {@code file}, verifying its chain; remembers the hashes of the seqs {@code notes} commit to and, for an
     * export from seq 1, the Merkle roots of the tree sizes they sign (a compact range folded along: O(log n) memory).
     */
    public static ExportView read(Path file, List<String> notes, long maxLineBytes) throws IOException {
        Set<Long> wanted = new TreeSet<>();
        for (String n : notes) {
            try {
                wanted.add(Checkpoint.parse(SignedNote.parse(n).text()).headSeq());
            } catch (MalformedNoteException e) {
                // the audit reports it
            }
        }
        Map<Long, String> hashes = new HashMap<>();
        Map<Long, byte[]> roots = new HashMap<>();
        CompactRange tree = CompactRange.empty();
        CompactRange.NodeSink ignore = (level, index, hash) -> { };
        String[] firstPrev = {null};
        IntegrityReport chain;
        try (InputStream in = Files.newInputStream(file)) {
            chain = new ExportVerifier(maxLineBytes).verify(in, null, null, line -> {
                if (firstPrev[0] == null) {
                    firstPrev[0] = line.decoded().prev();
                }
                if (wanted.contains(line.seq())) {
                    hashes.put(line.seq(), Hashes.hex(line.hash()));
                }
                if (line.seq() == tree.size() + 1) { // from seq 1, gap-free (a gap is the chain check's report)
                    tree.append(TreeHashes.leafHash(line.hash()), ignore);
                    if (wanted.contains(tree.size())) {
                        roots.put(tree.size(), tree.root());
                    }
                }
            });
        }
        return new ExportView(chain, hashes, roots, firstPrev[0] == null ? Hashes.hex(Hashes.zero()) : firstPrev[0]);
    }

    /** The export's own chain check (seqs, prev links, layout). */
    public IntegrityReport chain() {
        return chain;
    }

    @Override
    public String origin() {
        return null; // an export does not name its log; checkpoints are matched by their hashes
    }

    @Override
    public Head head() {
        return chain.head();
    }

    @Override
    public long logStartSeq() {
        return chain.checked() == 0 ? 1 : chain.firstChecked();
    }

    @Override
    public String logStartPrev() {
        return firstPrev;
    }

    @Override
    public Optional<String> hashAt(long seq) {
        return Optional.ofNullable(hashes.get(seq));
    }

    @Override
    public Optional<byte[]> rootAt(long size) {
        return Optional.ofNullable(roots.get(size));
    }
}
