package dev.chainlog.verify;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.SignedNote;

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
    private final String firstPrev;

    private ExportView(IntegrityReport chain, Map<Long, String> hashes, String firstPrev) {
        this.chain = chain;
        this.hashes = hashes;
        this.firstPrev = firstPrev;
    }

    /** Reads {@code file}, verifying its chain; remembers the hashes of the seqs {@code notes} commit to. */
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
            });
        }
        return new ExportView(chain, hashes, firstPrev[0] == null ? Hashes.hex(Hashes.zero()) : firstPrev[0]);
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
}
