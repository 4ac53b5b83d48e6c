package dev.chainlog.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The linux x86_64 distribution as a user installs it (README.md, "Install"): the tarball `mvn package` built,
 * unpacked with tar into a fresh folder, run through a symbolic link with an environment holding nothing but a PATH to
 * a Java runtime and the base system's tools: no Maven, no source tree, no JAVA_HOME.
 */
class DistributionIT {
    private static final Path TARGET = Cli.JAR.toAbsolutePath().getParent();
    private static final String VERSION = System.getProperty("chainlog.version", "0.1.0-SNAPSHOT");
    private static final Path TARBALL = TARGET.resolve("chainlog-" + VERSION + "-linux-x86_64.tar.gz");
    /** A distribution must stay small enough to download and unpack anywhere (issue 18: under 30 MB). */
    private static final long MAX_BYTES = 30L * 1024 * 1024;
    /** The Java modules the command needs (jdeps, plus jdk.crypto.ec for Ed25519), as README.md, "Install" says. */
    private static final String RUNTIME_MODULES = "java.base,java.desktop,java.management,java.security.jgss,"
            + "java.security.sasl,java.sql,jdk.unsupported,jdk.crypto.ec";

    @TempDir
    static Path installed;
    private static Path home;
    private static Path javaOnly;

    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the linux x86_64 distribution runs on linux x86_64 only");
        assertTrue(Files.isRegularFile(TARBALL), TARBALL + " was not built");
        Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", installed.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        home = installed.resolve("chainlog-" + VERSION);
        // The only program on the PATH besides the base system's: a link to a Java runtime.
        javaOnly = Files.createDirectories(installed.resolve("path"));
        Files.createSymbolicLink(javaOnly.resolve("java"), testJava());
        Files.createSymbolicLink(javaOnly.resolve("chainlog"), home.resolve("bin/chainlog"));
    }

    @Test
    void theTarballIsSmallAndHoldsTheLauncherTheJarTheLicencesAndTheDocs() throws IOException {
        assertTrue(Files.size(TARBALL) < MAX_BYTES, TARBALL + " is " + Files.size(TARBALL) + " bytes");
        assertTrue(Files.getPosixFilePermissions(home.resolve("bin/chainlog")).contains(PosixFilePermission.OTHERS_EXECUTE));
        for (String file : List.of("lib/chainlog.jar", "LICENSE", "NOTICE", "README.md", "CHANGELOG.md",
                "docs/SECURITY.md", "docs/COMPATIBILITY.md", "docs/DESIGN.md", "docs/FORMAT.md",
                "licenses/MIT-slf4j.txt", "licenses/BSD-2-Clause-zstd-jni.txt")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file + " missing from the distribution");
        }
    }

    @Test
    void theJarCarriesOnlyLinuxX8664NativeLibraries() throws IOException {
        List<String> natives = new ArrayList<>();
        try (ZipFile jar = new ZipFile(home.resolve("lib/chainlog.jar").toFile())) {
            jar.stream().map(ZipEntry::getName).filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib|a)$")).forEach(natives::add);
        }
        assertEquals(List.of("librocksdbjni-linux64.so", "linux/amd64/libzstd-jni-1.5.6-10.so",
                "net/jpountz/util/linux/amd64/liblz4-java.so", "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so"),
                natives.stream().sorted().toList());
    }

    /** NOTICE names every third-party component the jar bundles: the licence check's own list of them. */
    @Test
    void theNoticeNamesEveryBundledComponentWithItsVersion() throws IOException {
        String notice = Files.readString(home.resolve("NOTICE"));
        Path thirdParty = TARGET.resolve("generated-sources/license/THIRD-PARTY.txt");
        assertTrue(Files.isRegularFile(thirdParty), "the licence check wrote no " + thirdParty);
        Matcher m = Pattern.compile("\\(([\\w.-]+):([\\w.-]+):([\\w.-]+) - ").matcher(Files.readString(thirdParty));
        int components = 0;
        while (m.find()) {
            if (m.group(1).equals("dev.chainlog")) {
                continue;
            }
            components++;
            String line = m.group(1) + ":" + m.group(2) + " " + m.group(3);
            assertTrue(notice.contains(line), "NOTICE does not name " + line);
        }
        assertTrue(components >= 10, "THIRD-PARTY.txt lists " + components + " components");
    }

    @Test
    void versionSaysTheVersionCommitFormatsAndRocksdb() throws Exception {
        Run r = run(List.of("chainlog", "--version"), Map.of());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("chainlog " + VERSION + " ("), r.out());
        assertTrue(r.out().matches("(?s).*\\(commit [0-9a-f]{40}.*|.*commit unknown.*"), r.out());
        assertTrue(r.out().contains("writes format 1") && r.out().contains("rocksdb storage     writes layout 2")
                && r.out().contains("c2sp.org/tlog-proof@v1") && r.out().contains("chainlog.format 1"), r.out());
        assertTrue(r.out().matches("(?s).*\\nruns on RocksDB \\d+\\.\\d+\\.\\d+ \\(rocksdbjni\\), Java \\d+.*"), r.out());
        // Where RocksDB's native library cannot load (here: no temporary folder to unpack it into), the version
        // still prints, and says why RocksDB is missing.
        Run noRocks = run(List.of("chainlog", "--version"), Map.of("CHAINLOG_JAVA_OPTS",
                "-Djava.io.tmpdir=" + installed.resolve("no-such-folder")));
        assertEquals(0, noRocks.exit(), noRocks.err());
        assertTrue(noRocks.out().startsWith("chainlog " + VERSION) && noRocks.out().contains("runs on RocksDB unavailable ("),
                noRocks.out());
    }

    /**
     * The demo, then a key, a signed checkpoint and a verify against it, on a bare Java runtime: one jlink makes of
     * only the modules README.md names (no compiler, no jlink, no JDK tools), given as JAVA_HOME.
     */
    @Test
    void theDemoAndACheckpointRunOnABareJavaRuntime() throws Exception {
        Path jdk = testJava().getParent().getParent();
        assumeTrue(Files.isExecutable(jdk.resolve("bin/jlink")) && Files.isDirectory(jdk.resolve("jmods")),
                "this JDK has no jlink and jmods to make a bare runtime with");
        Path jre = installed.resolve("jre");
        Process jlink = new ProcessBuilder(jdk.resolve("bin/jlink").toString(), "--add-modules", RUNTIME_MODULES,
                "--no-header-files", "--no-man-pages", "--strip-debug", "--output", jre.toString())
                .redirectErrorStream(true).start();
        String jlinkOut = new String(jlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jlink.waitFor(), jlinkOut);
        Map<String, String> env = Map.of("JAVA_HOME", jre.toString(), "CHAINLOG_JAVA_OPTS", "-Xmx1g");

        Path work = Files.createDirectories(installed.resolve("work"));
        Run demo = run(List.of("chainlog", "demo"), env, work);
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("verify OK") && demo.out().contains("try: chainlog tail --log"), demo.out());
        assertEquals(0, run(List.of("chainlog", "keygen", "--out", "k"), env, work).exit());
        Run signed = run(List.of("chainlog", "checkpoint", "--key", "k.key", "--out", "cp.note", "--log", "chainlog-demo"), env, work);
        assertEquals(0, signed.exit(), signed.err());
        Run verified = run(List.of("chainlog", "verify", "--checkpoint", "cp.note", "--pubkey", "k.pub", "--log",
                "chainlog-demo"), env, work);
        assertEquals(0, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().contains("MATCHES"), verified.out());
    }

    @Test
    void withoutAUsableJavaTheLauncherSaysSoAndExits4NeverTheVerifyFailedStatus() throws Exception {
        // A PATH with the tools the launcher uses and no java (this machine's /usr/bin has one).
        Path noJava = Files.createDirectories(installed.resolve("no-java"));
        for (String tool : List.of("ls", "sed", "dirname")) {
            if (Files.notExists(noJava.resolve(tool))) {
                Files.createSymbolicLink(noJava.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
            }
        }
        Run none = run(List.of(home.resolve("bin/chainlog").toString(), "--version"), Map.of("PATH", noJava.toString()));
        assertEquals(4, none.exit(), none.err());
        assertTrue(none.err().contains("no Java found"), none.err());
        Run wrongHome = run(List.of("chainlog", "--version"), Map.of("JAVA_HOME", installed.resolve("nowhere").toString()));
        assertEquals(4, wrongHome.exit(), wrongHome.err());
        assertTrue(wrongHome.err().contains("JAVA_HOME=" + installed.resolve("nowhere")), wrongHome.err());
        // A Java 11 installation (its release file says so): refused before it could fail with exit 1.
        Path java11 = Files.createDirectories(installed.resolve("java11/bin"));
        Files.writeString(java11.resolve("java"), "#!/bin/sh\necho should not run >&2\nexit 1\n");
        Files.setPosixFilePermissions(java11.resolve("java"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(java11.resolveSibling("release"), "JAVA_VERSION=\"11.0.22\"\n");
        Run old = run(List.of("chainlog", "--version"), Map.of("JAVA_HOME", java11.getParent().toString()));
        assertEquals(4, old.exit(), old.err());
        assertTrue(old.err().contains("is Java 11; chainlog needs Java 17 or newer"), old.err());
    }

    /** The real java binary of the JDK running the build (the IT JVM itself runs behind a loopback-only wrapper). */
    private static Path testJava() throws IOException {
        return Path.of(System.getenv().getOrDefault("CHAINLOG_TEST_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString())).toRealPath();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, installed);
    }

    /**
     * Runs {@code command} ("chainlog" is the link on the PATH, as a shell would find it) with an environment of
     * PATH (the Java link first, then the base system) and HOME only, plus {@code env}.
     */
    private static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        if (cmd.get(0).equals("chainlog")) {
            cmd.set(0, javaOnly.resolve("chainlog").toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", javaOnly + ":/usr/bin:/bin");
        pb.environment().put("HOME", installed.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = Cli.drain(p.getInputStream());
        CompletableFuture<String> err = Cli.drain(p.getErrorStream());
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }
}
