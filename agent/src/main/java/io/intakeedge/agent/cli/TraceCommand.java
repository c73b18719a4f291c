package io.intakeedge.agent.cli;

import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code intake-edge trace list|show|explain}: what a station decided, read from its H2 database. Exit codes: 0 ok,
 * 1 the database could not be read (a running station holds it), 2 bad input (unknown id, bad option, no database),
 * {@value #DIFFERS} {@code explain} could not re-derive the stored route.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "List, show and explain a station's decision traces.",
        subcommands = {TraceListCommand.class, TraceShowCommand.class, TraceExplainCommand.class})
public final class TraceCommand implements Runnable {
    /** {@code trace explain}: the stored decision is not what the rules give. */
    public static final int DIFFERS = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A trace sub-command: opens the station's database, runs, closes; bad input is one line, not a trace. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        TraceSource source;

        @Spec
        CommandSpec spec;

        abstract int run(TraceSource.Opened opened) throws Exception;

        @Override
        public final Integer call() throws Exception {
            try (TraceSource.Opened opened = source.open()) {
                return run(opened);
            } catch (IllegalArgumentException e) {
                return fail(2, e.getMessage());
            } catch (IllegalStateException | TraceStoreException e) {
                return fail(1, e.getMessage());
            }
        }

        private int fail(int code, String message) {
            err().println("intake-edge " + spec.qualifiedName(" ").replaceFirst("^intake-edge ", "") + ": "
                    + message);
            err().flush();
            return code;
        }

        /** The one trace {@code id} (a UUID or its unique start) names. */
        static Trace one(TraceSource.Opened opened, String id) {
            List<Trace> found = opened.store().findByPrefix(id.trim(), 2);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no trace with id " + id);
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException("trace id " + id + " is ambiguous: type more of it");
            }
            return found.get(0);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

}
