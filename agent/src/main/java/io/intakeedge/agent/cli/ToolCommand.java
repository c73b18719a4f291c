package io.intakeedge.agent.cli;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.quantization.model.ModelException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * An operator tool command (quantize, model agreement, calibration export): writes its report to the command line's
 * out stream and progress to its err stream, and turns bad input into exit code {@value #BAD_INPUT} with one clear
 * line instead of a stack trace, so scripts and bundle tooling can tell bad input from a crash (exit 1).
 */
public abstract class ToolCommand implements Callable<Integer> {
    protected static final int OK = 0;
    protected static final int FAILED = 1;
    protected static final int BAD_INPUT = 2;

    @Spec
    protected CommandSpec spec;

    /** The command's work; returns its exit code. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (ModelException | BundleException | IllegalArgumentException e) {
            err().println("intake-edge " + name() + ": " + e.getMessage());
            err().flush();
            return BAD_INPUT;
        } catch (IOException e) {
            err().println("intake-edge " + name() + ": " + e);
            err().flush();
            return FAILED;
        }
    }

    private String name() {
        return spec.qualifiedName(" ").replaceFirst("^intake-edge ", "");
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
