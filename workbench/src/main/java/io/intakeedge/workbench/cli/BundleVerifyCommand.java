package io.intakeedge.workbench.cli;

import io.intakeedge.agent.app.AgentVersion;
import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.BundleVerifier;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code intake-edge bundle verify FILE --trust PUB}: the station's own check. Exit 0 only for an intact archive
 * signed by a trusted key (and, unless {@code --signature-only}, whose bundle loads and passes its exact receipt);
 * otherwise exit 2 with the refusal code and reason.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an archive as a station does: signature by a trusted key, every file's sha256, the "
                + "bundle loader and the exact validation receipt.")
final class BundleVerifyCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the archive")
    Path archive;

    @Option(names = "--trust", required = true, paramLabel = "PUB", description = "trusted public key (repeatable)")
    List<Path> trust;

    @Option(names = "--device-profile", paramLabel = "ID", description = "also check the bundle is made for it")
    String profile;

    @Option(names = "--signature-only", description = "check signature and file hashes only, not the receipt")
    boolean signatureOnly;

    @Override
    protected int run() throws Exception {
        TrustedKeys keys = TrustedKeys.of(trust);
        Path work = Files.createTempDirectory("bundle-verify-");
        try {
            if (signatureOnly) {
                BundleArchive a = BundleArchive.open(archive, work.resolve("x"), keys, ArchiveLimits.DEFAULTS);
                out().println("OK " + archive + ": intact, signed by " + a.signer() + " (receipt not run)");
            } else {
                BundleVerifier.Verified v = new BundleVerifier(keys, ArchiveLimits.DEFAULTS, RuntimeOptions.defaults())
                        .verify(archive, work.resolve("x"), new BundleVerifier.Station(AgentVersion.get(),
                                Optional.ofNullable(profile)));
                out().println("OK " + archive + ": " + v.bundle().displayName() + " sequence "
                        + v.manifest().release().sequence() + ", signed by " + v.signer() + ", receipt "
                        + v.receipt().reason() + " (" + v.receipt().rows().size() + " fixtures)");
            }
            out().flush();
            return OK;
        } catch (ArchiveException e) {
            err().println("REFUSED " + archive + ": " + e.getMessage());
            err().flush();
            return BAD_INPUT;
        } finally {
            io.intakeedge.workbench.bundle.ArchiveSigner.deleteTree(work);
        }
    }
}
