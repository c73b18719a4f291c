package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.receipt.ReceiptResult;
import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.workbench.bundle.ArchiveBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code intake-edge bundle build --from DIR --out FILE}: prove a bundle directory locally, then archive it. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Archive a bundle directory after proving it: loader, model card, agreement limit, validation "
                + "receipt run exactly. Refuses a bundle that fails any of them.")
final class BundleBuildCommand extends ToolCommand {
    @Option(names = "--from", required = true, paramLabel = "BUNDLE_DIR", description = "the bundle directory")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "archive to write (unsigned)")
    Path out;

    @Override
    protected int run() throws Exception {
        ArchiveBuilder.Built built = ArchiveBuilder.build(from, out, RuntimeOptions.defaults());
        ReceiptResult r = built.receipt();
        out().println("built " + out + " (" + Files.size(out) + " bytes): " + built.manifest().bundleId() + "@"
                + built.manifest().bundleVersion() + " sequence " + built.manifest().release().sequence() + ", "
                + built.manifest().files().size() + " files");
        out().println("receipt: " + r.reason() + " (" + r.rows().size() + " fixtures)");
        for (ReceiptResult.Row row : r.rows()) {
            out().println("  " + row.fixtureId() + ": " + row.actualRoute() + "/" + row.actualReason()
                    + (row.score().isPresent() ? " score " + row.score().getAsDouble() : ""));
        }
        out().println("agreement: " + built.agreement());
        out().println("unsigned: sign it with `bundle sign " + out + " --key KEY`");
        out().flush();
        return OK;
    }
}
