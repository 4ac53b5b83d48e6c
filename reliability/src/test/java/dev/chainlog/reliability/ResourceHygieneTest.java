package dev.chainlog.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource hygiene, measured in a child JVM ({@link HygieneChild}): open and close a log many times (CI 500, long
 * 10,000), then append many entries (CI 200,000, long 1,000,000), sampling resident memory and open file
 * descriptors. The bounds, and why a leak would cross them while noise does not:
 * <ul>
 *   <li><b>File descriptors after closing: at most 10 above the baseline</b> (taken after 30 warm-up cycles). An
 *       open log holds 60+ descriptors (every table file is opened, plus WAL, LOCK, MANIFEST); leaking one log's
 *       worth even once crosses 10. The JVM's own count varies by a handful.</li>
 *   <li><b>Resident memory over the open/close loop: the second half may grow by at most 32 MiB + 2 KiB per cycle</b>.
 *       The child's heap is fixed and pre-touched ({@code -Xms=-Xmx=256m -XX:+AlwaysPreTouch}), so RSS growth is
 *       native memory. The allocator's arenas settle in the first half; a leak is linear, so the second half shows it:
 *       a RocksDB instance left open costs megabytes (options, table cache, block-cache shards), and 10 KiB per cycle
 *       over the long profile's 5,000 second-half cycles is 49 MiB, over the 42 MiB bound.</li>
 *   <li><b>Resident memory while appending: at most 640 MiB above the loop's end, and at most 384 MiB above it after
 *       closing.</b> An open log may use its memtables (64 MiB write buffer per column family, up to two per family
 *       while one flushes; in practice only entries/checksums/by_uuid fill) and its 32 MiB block cache; glibc keeps
 *       some freed arenas. Growth proportional to entries (1 KiB each over 1M entries = 1 GiB) crosses it.</li>
 *   <li><b>Read-only opens leave no temporary folder behind</b> ({@code chainlog-secondary-*}).</li>
 *   <li><b>Table files per folder: at most 150 after 500 open/close cycles</b> (the loop moves to a new folder every
 *       500 cycles). Before close waited for pending compactions, every close abandoned them and flushed new
 *       level-0 files: ~1.3 more table files per cycle, all opened at every open.</li>
 * </ul>
 */
@Tag("reliability")
class ResourceHygieneTest {
    private static final int CYCLES_PER_FOLDER = 500;

    @TempDir
    Path tmp;

    @Test
    void openCloseAndAppendDoNotLeakMemoryOrDescriptors() throws Exception {
        int cycles = Settings.openCloseCycles();
        int entries = Settings.hygieneEntries();
        Map<String, Long> r = new HashMap<>();
        try (Child child = Child.start(HygieneChild.class, tmp.resolve("scratch"),
                List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"), tmp.resolve("logs").toString(),
                Integer.toString(cycles), Integer.toString(entries), Integer.toString(CYCLES_PER_FOLDER))) {
            String line;
            while ((line = child.poll(1_800_000)) != null && !line.equals(Child.EOF)) {
                System.out.println("[hygiene] " + line);
                if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ")) {
                        String[] p = kv.split("=");
                        r.put(p[0], p[1].equals("failed") ? -1 : Long.parseLong(p[1]));
                    }
                }
            }
            assertNotNull(line, "the hygiene child stalled");
            assertTrue(child.awaitExit(120));
            assertEquals(0, child.exitValue(), child::stderr);
        }
        assertTrue(r.containsKey("fdsBase") && !r.containsKey("verify"), "no result (or verify failed): " + r);

        long fdsBase = r.get("fdsBase");
        assertTrue(r.get("fdsAfterOpenClose") <= fdsBase + 10, "descriptors after " + cycles + " open/close cycles: "
                + r.get("fdsAfterOpenClose") + ", baseline " + fdsBase);
        assertTrue(r.get("fdsAfterAppend") <= fdsBase + 10, "descriptors after appending and closing: "
                + r.get("fdsAfterAppend") + ", baseline " + fdsBase);

        long secondHalfKiB = r.get("rssAfterOpenClose") - r.get("rssHalf");
        long boundKiB = 32 * 1024 + 2L * (cycles / 2);
        assertTrue(secondHalfKiB <= boundKiB, "resident memory grew by " + secondHalfKiB + " KiB over the second "
                + cycles / 2 + " open/close cycles (bound " + boundKiB + " KiB): a leak per open");

        long appendGrowthKiB = r.get("rssMaxAppend") - r.get("rssAfterOpenClose");
        assertTrue(appendGrowthKiB <= 640 * 1024, "resident memory grew by " + appendGrowthKiB + " KiB while appending "
                + entries + " entries");
        long afterCloseKiB = r.get("rssAfterAppend") - r.get("rssAfterOpenClose");
        assertTrue(afterCloseKiB <= 384 * 1024, "resident memory stayed " + afterCloseKiB + " KiB above the baseline after "
                + "closing the log");
        assertEquals(r.get("secondaryDirsBase"), r.get("secondaryDirsAfter"), "read-only opens left temporary folders");

        assertTrue(r.get("maxTableFilesPerFolder") <= 150, r.get("maxTableFilesPerFolder") + " table files in a log "
                + "folder after " + CYCLES_PER_FOLDER + " open/close cycles");
        Figures.add("hygiene.open/close cycles", cycles);
        Figures.add("hygiene.entries appended", entries);
        Figures.max("hygiene.descriptors above baseline after closing", Math.max(r.get("fdsAfterOpenClose"),
                r.get("fdsAfterAppend")) - fdsBase);
        Figures.max("hygiene.RSS growth over the second half of the open/close loop (KiB)", secondHalfKiB);
        Figures.max("hygiene.RSS growth while appending (KiB)", appendGrowthKiB);
        Figures.max("hygiene.table files in a folder after 500 open/close cycles", r.get("maxTableFilesPerFolder"));
    }
}
