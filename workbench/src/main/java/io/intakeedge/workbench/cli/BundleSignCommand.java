package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.workbench.bundle.ArchiveSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;

/** {@code intake-edge bundle sign FILE --key KEY}: Ed25519-sign an intact archive's manifest. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign the archive's manifest with an Ed25519 private key (replaces an earlier signature).")
final class BundleSignCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the archive from `bundle build`")
    Path archive;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "bundle-signing.key (PKCS#8 PEM)")
    Path key;

    @Override
    protected int run() throws Exception {
        Optional<String> signer = ArchiveSigner.sign(archive, key);
        out().println("signed " + archive + (signer.map(f -> " with key " + f).orElse(
                " (no matching .pub next to the key: stations will report a wrong key as bad_signature, not "
                        + "unknown_signer)")));
        out().flush();
        return OK;
    }
}
