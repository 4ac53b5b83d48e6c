package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An export (JSON Lines, one stored value per line) as a list of lines that a test can forge: change a field and
 * re-chain the lines after it (each {@code prev} set to the SHA-256 of the line before, as FORMAT.md §2 says), so a
 * single defect is all that is wrong with the file.
 */
final class ExportFile {
    private static final byte[] PREV = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);

    final List<byte[]> lines;

    ExportFile(List<byte[]> lines) {
        this.lines = new ArrayList<>(lines);
    }

    static ExportFile parse(byte[] export) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < export.length; i++) {
            if (export[i] == '\n') {
                lines.add(Arrays.copyOfRange(export, start, i));
                start = i + 1;
            }
        }
        return new ExportFile(lines);
    }

    ExportFile copy() {
        List<byte[]> l = new ArrayList<>();
        for (byte[] b : lines) {
            l.add(b.clone());
        }
        return new ExportFile(l);
    }

    int size() {
        return lines.size();
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.writeBytes(l);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Sets each line's prev, from line {@code from} on, to the hash of the line before (a valid chain again). */
    ExportFile rechain(int from) {
        for (int i = Math.max(1, from); i < lines.size(); i++) {
            setPrev(i, Hashes.hex(Hashes.sha256(lines.get(i - 1))));
        }
        return this;
    }

    void setPrev(int i, String hex) {
        byte[] l = lines.get(i);
        int at = indexOf(l, PREV);
        if (at < 0 || at + PREV.length + 64 > l.length) {
            return; // no fixed-layout prev here (a forged line); nothing to re-chain
        }
        byte[] h = hex.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, l, at + PREV.length, Math.min(64, h.length));
    }

    ObjectNode tree(int i) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(lines.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a (modified) tree back as line {@code i}: compact, member order as in the tree. */
    void setTree(int i, JsonNode tree) {
        try {
            lines.set(i, Json.MAPPER.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tree of line {@code i} with {@code name} set to {@code value}, keeping the field order of the format. */
    void setField(int i, String name, JsonNode value) {
        ObjectNode t = tree(i);
        t.set(name, value);
        setTree(i, t);
    }

    /** Moves {@code name} to the end of the object (an order chainlog never writes). */
    void moveToEnd(int i, String name) {
        ObjectNode t = tree(i);
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : t.properties()) {
            if (!e.getKey().equals(name)) {
                out.set(e.getKey(), e.getValue());
            }
        }
        out.set(name, t.get(name));
        setTree(i, out);
    }

    /** Replaces the first occurrence of {@code from} in line {@code i} by {@code to} (raw bytes). */
    boolean replace(int i, String from, byte[] to) {
        byte[] l = lines.get(i);
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(l, f);
        if (at < 0) {
            return false;
        }
        byte[] out = new byte[l.length - f.length + to.length];
        System.arraycopy(l, 0, out, 0, at);
        System.arraycopy(to, 0, out, at, to.length);
        System.arraycopy(l, at + f.length, out, at + to.length, l.length - at - f.length);
        lines.set(i, out);
        return true;
    }

    boolean replace(int i, String from, String to) {
        return replace(i, from, to.getBytes(StandardCharsets.UTF_8));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
