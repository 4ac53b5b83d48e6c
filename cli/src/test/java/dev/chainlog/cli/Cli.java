package dev.chainlog.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged CLI jar as a separate process, as a user would. */
final class Cli {
    static final Path JAR = Path.of(System.getProperty("chainlog.jar", "target/chainlog.jar"));

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    /** The command line of {@code chainlog ARGS}; leading {@code -X…} arguments go to the JVM (default -Xmx256m). */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        int i = 0;
        while (i < args.length && args[i].startsWith("-X")) {
            cmd.add(args[i++]);
        }
        if (i == 0) {
            cmd.add("-Xmx256m");
        }
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args).subList(i, args.length));
        return cmd;
    }

    static Result runWithInput(String stdin, String... args) {
        try {
            Process p = new ProcessBuilder(command(args)).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chainlog " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... args) {
        return runWithInput(null, args);
    }

    /** A new log at {@code dir} with {@code n} entries ({@code kind} k, source s, payload {"i":1..n}), through the CLI. */
    static Path seed(Path dir, int n) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append("{\"kind\":\"k\",\"source\":\"s\",\"payload\":{\"i\":").append(i).append("}}\n");
        }
        Result r = runWithInput(lines.toString(), "append", "--log", dir.toString());
        if (r.exit() != 0) {
            throw new AssertionError("seeding " + dir + " failed: " + r.err());
        }
        return dir;
    }

    /** {@code n} more entries appended to the log at {@code dir}, as {@link #seed} writes them. */
    static Path seedMore(Path dir, int n) {
        return seed(dir, n);
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args)).start();
    }

    /**
     * Reads {@code in} to its end on a thread of its own (the common pool has one thread on a 2-core machine: a drain
     * of a process that never ends would hold up every later one); what was read before an error is kept.
     */
    static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // the process is gone: keep what it wrote
            }
            text.complete(buf.toString(StandardCharsets.UTF_8));
        }, "drain");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /** Runs the Python checker {@code script} (in tools/) with {@code args}; returns its exit code. */
    static int python(Path script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(script + " did not finish: " + out);
        }
        return p.exitValue();
    }

    /** The tools/ script {@code name}, beside this module. */
    static Path tool(String name) {
        return Path.of(System.getProperty("user.dir")).resolveSibling("tools").resolve(name);
    }

    /** True when {@code cmd} runs here (python3, openssl). */
    static boolean works(String... cmd) {
        try {
            return new ProcessBuilder(cmd).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
