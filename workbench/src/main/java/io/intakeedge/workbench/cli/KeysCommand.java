package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.workbench.bundle.SigningKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code intake-edge keys generate --out DIR}: an Ed25519 bundle-signing key pair for a fleet operator. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Bundle-signing keys.",
        subcommands = {KeysCommand.Generate.class, CommandLine.HelpCommand.class})
public final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write DIR/bundle-signing.key (PKCS#8 PEM, mode 600) and DIR/bundle-signing.pub (X.509 "
                    + "PEM). Give stations the .pub only.")
    static final class Generate extends ToolCommand {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the key pair")
        Path out;

        @Override
        protected int run() throws Exception {
            SigningKeys.Generated g = SigningKeys.generate(out);
            out().println("private key: " + g.privateKey() + " (mode 600; keep it off stations, never in a config)");
            out().println("public key:  " + g.publicKey() + " (fingerprint " + g.fingerprint() + "; stations trust "
                    + "this file)");
            out().flush();
            return OK;
        }
    }
}
