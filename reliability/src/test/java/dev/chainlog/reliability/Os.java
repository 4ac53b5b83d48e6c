package dev.chainlog.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The few OS tools fault injection needs (mount, chattr), each reporting whether it worked here. */
final class Os {
    private Os() {
    }

    record Result(int code, String output) {
        boolean ok() {
            return code == 0;
        }
    }

    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    /** Mounts a tmpfs of {@code size} (e.g. "8m") on {@code dir}: a small filesystem that fills up. Needs root. */
    static Result mountTmpfs(Path dir, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    static Result resizeTmpfs(Path dir, String size) {
        return run("mount", "-o", "remount,size=" + size, dir.toString());
    }

    static void unmount(Path dir) {
        if (!run("umount", dir.toString()).ok()) {
            run("umount", "-l", dir.toString());
        }
    }

    /** {@code chattr [-R] +i/-i}: the immutable attribute, which stops even root from writing. */
    static Result immutable(Path p, boolean on, boolean recursive) {
        List<String> cmd = new ArrayList<>(List.of("chattr"));
        if (recursive) {
            cmd.add("-R");
        }
        cmd.add(on ? "+i" : "-i");
        cmd.add(p.toString());
        return run(cmd.toArray(String[]::new));
    }
}
