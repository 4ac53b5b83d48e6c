package dev.chainlog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every subcommand shares: the global options and the output helpers. */
abstract class CliCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @ParentCommand
    ChainlogCli root;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return root.json;
    }

    /** One line of output; stops the command when nobody reads it any more (a closed pipe). */
    void emit(String line) {
        out().println(line);
        Stdout.check(out());
    }

    void printJson(Object value) {
        try {
            emit(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A result: the JSON object with {@code --json}, else the human sentence. */
    void result(java.util.Map<String, ?> json, String human) {
        if (json()) {
            printJson(json);
        } else {
            emit(human);
        }
    }

    /** A remark for the human at the terminal (stderr): never mixed into the data on stdout. */
    void note(String text) {
        err().println("chainlog: " + text);
    }
}
