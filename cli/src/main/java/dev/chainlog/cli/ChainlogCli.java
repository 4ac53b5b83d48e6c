package dev.chainlog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.ConfigException;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.IoErrors;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.checkpoint.MalformedNoteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code chainlog} command. Exit codes (README.md): 0 success, 1 verification failed, 2 usage error or bad
 * input, 3 storage error (locked, corrupt, unreadable, missing), 4 internal error (a bug, or out of memory), 141 the
 * output was closed early (e.g. piped into {@code head}), as with SIGPIPE. Errors are one line on stderr, a JSON
 * object with {@code --json}; {@code --verbose} adds the stack trace.
 */
@Command(name = "chainlog", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "A tamper-evident, append-only event log in a local folder.",
        subcommands = {AppendCommand.class, ReadCommand.class, GetCommand.class, FindCommand.class,
                TailCommand.class, VerifyCommand.class, HeadCommand.class, ExportCommand.class, ImportCommand.class,
                StatsCommand.class, RetentionCommand.class, CompactCommand.class, BackupCommand.class, SalvageCommand.class,
                DemoCommand.class, KeygenCommand.class, CheckpointCommand.class, VerifyExportCommand.class,
                ProveCommand.class, ConsistencyCommand.class, VerifyProofCommand.class, ExportTilesCommand.class,
                ConsumersCommand.class, ReplayCommand.class, SnapshotsCommand.class,
                ForwardCommand.class, VerifyKafkaCommand.class, RestoreCommand.class,
                CommandLine.HelpCommand.class})
public final class ChainlogCli {
    public static final int OK = 0;
    public static final int VERIFY_FAILED = 1;
    public static final int USAGE = 2;
    public static final int STORAGE = 3;
    public static final int INTERNAL = 4;
    /** 128 + SIGPIPE: what a native tool's status is when the reader of its output went away. */
    public static final int OUTPUT_CLOSED = 141;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output (errors too)")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces on errors")
    boolean verbose;

    public static void main(String[] args) {
        OpenLogs.closeOnShutdown();
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(args, Stdout.writer(), err);
        } catch (OutOfMemoryError e) {
            err.println("chainlog: out of memory (" + e.getMessage() + "); give the JVM more, e.g. "
                    + "CHAINLOG_JAVA_OPTS=-Xmx2g");
            code = INTERNAL;
        } catch (Error e) { // never the launcher's exit 1, which would read as "verification failed"
            err.println("chainlog: internal error (please report it): " + e);
            code = INTERNAL;
        }
        err.flush();
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ChainlogCli root = new ChainlogCli();
        CommandLine cl = new CommandLine(root);
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(ChainlogCli::exitCode);
        boolean jsonArg = Arrays.asList(args).contains("--json");
        cl.setParameterExceptionHandler((ex, a) -> {
            if (jsonArg) {
                printJsonError(err, USAGE, ex.getMessage());
            } else {
                err.println("chainlog: " + ex.getMessage());
                err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            }
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            int code = exitCode(ex);
            if (code == OUTPUT_CLOSED || (ex instanceof LogClosedException && OpenLogs.shuttingDown())) {
                return code == OUTPUT_CLOSED ? code : STORAGE; // the reader left, or Ctrl-C closed the log: no message
            }
            if (root.json || jsonArg) {
                printJsonError(err, code, message(ex));
            } else {
                err.println("chainlog: " + (code == INTERNAL ? "internal error (please report it, with the stack trace "
                        + "--verbose prints): " + ex : message(ex)));
            }
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        cl.setExecutionStrategy(parsed -> {
            // `chainlog frob --help` would print the top-level help and exit 0: an unknown command stays an error.
            if (!parsed.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(cl, parsed.unmatched());
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof OutputClosedException || Stdout.isClosedPipe(ex)) {
            return OUTPUT_CLOSED;
        }
        if (ex instanceof VerifyFailedException || ex instanceof dev.chainlog.kafka.ForwarderException.LogRewritten) {
            return VERIFY_FAILED;
        }
        if (ex instanceof ImportRefusedException refused) {
            return refused.report() != null ? VERIFY_FAILED : USAGE; // the file does not verify, or breaks a rule
        }
        if (ex instanceof AppendAbortedException aborted) {
            return exitCode(aborted.firstFailure()); // not written because of an earlier failure: that one's code
        }
        if (ex instanceof UsageException || ex instanceof MalformedNoteException || ex instanceof InvalidEventException
                || ex instanceof RequestIdConflictException || ex instanceof ConfigException || ex instanceof IllegalArgumentException
                || ex instanceof ReadOnlyLogException || ex instanceof UnsupportedOperationException) {
            return USAGE;
        }
        if (ex instanceof ChainlogException || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            return STORAGE;
        }
        return INTERNAL;
    }

    /** The one line a user reads: the exception's message; for a file-system error, the file and the reason. */
    static String message(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            String m = ex.getMessage();
            return (m == null || m.equals(u.getCause().toString()) ? "" : m + ": ") + message(u.getCause());
        }
        if (ex instanceof java.io.IOException io) {
            return IoErrors.describe(io);
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    private static void printJsonError(PrintWriter err, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("exit", code);
        error.put("kind", switch (code) {
            case VERIFY_FAILED -> "verification-failed";
            case USAGE -> "usage";
            case STORAGE -> "storage";
            default -> "internal";
        });
        error.put("message", message);
        try {
            err.println(JSON.writeValueAsString(Map.of("error", error)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        err.flush();
    }

    /** A usage problem found after parsing (a bad flag combination, a bad input line, a file that is not there). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** A check found that something does not hold (exit 1, as a failed verify), e.g. a proof that does not verify. */
    static final class VerifyFailedException extends RuntimeException {
        VerifyFailedException(String message) {
            super(message);
        }
    }

    /** The reader of standard output went away (a closed pipe): the command stops quietly. */
    static final class OutputClosedException extends RuntimeException {
        OutputClosedException() {
            super("standard output was closed");
        }
    }
}
