package dev.chainlog.cli;

import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.ConfigException;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.api.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code chainlog} command. Exit codes: 0 success, 1 verification failed, 2 usage error or bad input,
 * 3 storage error (locked, corrupt, unreadable). Errors are one line on stderr; {@code --verbose} adds the stack
 * trace.
 */
@Command(name = "chainlog", mixinStandardHelpOptions = true, versionProvider = ChainlogCli.Version.class,
        description = "A tamper-evident, append-only event log in a local folder.",
        subcommands = {AppendCommand.class, ReadCommand.class, GetCommand.class, FindCommand.class,
                TailCommand.class, VerifyCommand.class, HeadCommand.class, ExportCommand.class, ImportCommand.class,
                StatsCommand.class, RetentionCommand.class, BackupCommand.class, DemoCommand.class,
                KeygenCommand.class, CheckpointCommand.class, VerifyExportCommand.class,
                CommandLine.HelpCommand.class})
public final class ChainlogCli {
    public static final int OK = 0;
    public static final int VERIFY_FAILED = 1;
    public static final int USAGE = 2;
    public static final int STORAGE = 3;

    @Option(names = "--log", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = "./chainlog-data",
            description = "the log's folder (default: ${DEFAULT-VALUE})")
    Path log;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces on errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ChainlogCli root = new ChainlogCli();
        CommandLine cl = new CommandLine(root);
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(ChainlogCli::exitCode);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("chainlog: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
            err.println("chainlog: " + message(ex));
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return exitCode(ex);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof dev.chainlog.checkpoint.MalformedNoteException) {
            return USAGE;
        }
        if (ex instanceof ImportRefusedException) {
            return VERIFY_FAILED;
        }
        if (ex instanceof StorageException || ex instanceof CursorExpiredException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException) {
            return STORAGE;
        }
        if (ex instanceof InvalidEventException || ex instanceof RequestIdConflictException || ex instanceof ConfigException
                || ex instanceof IllegalArgumentException || ex instanceof ReadOnlyLogException
                || ex instanceof UsageException || ex instanceof UnsupportedOperationException) {
            return USAGE;
        }
        if (ex instanceof ChainlogException) {
            return STORAGE;
        }
        return STORAGE;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    /** A usage problem found after parsing (a bad flag combination, a bad input line). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChainlogCli.class.getPackage().getImplementationVersion();
            return new String[] {"chainlog " + (v == null ? "dev" : v) + " (format v" + dev.chainlog.chain.EntryCodec.FORMAT_VERSION + ")"};
        }
    }
}
