package io.intakeedge.agent.cli;

import io.intakeedge.agent.config.StationConfigLoader;
import io.intakeedge.profiles.HostFacts;
import io.intakeedge.profiles.ProfileChoice;
import io.intakeedge.profiles.ProfileException;
import io.intakeedge.profiles.ProfileLoader;
import io.intakeedge.profiles.ProfileReport;
import io.intakeedge.profiles.ProfileRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code intake-edge profile show}: which device profile this machine gets, why, and its effective values. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Device profiles.",
        subcommands = {ProfileCommand.Show.class, CommandLine.HelpCommand.class})
public final class ProfileCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the chosen profile id, the facts that chose it and the effective values.")
    static final class Show extends ToolCommand {

        @Option(names = "--root", defaultValue = "/",
                description = "read /proc, /etc and /sys below this directory (default ${DEFAULT-VALUE})")
        Path root;

        @Option(names = "--arch", description = "CPU architecture of that root (default: this JVM's os.arch)")
        String arch;

        @Option(names = "--profile", description = "auto, a profile id or a profile file (default: auto)")
        String profile;

        @Option(names = "--config", description = "take the profile and its overrides from this station config")
        Path config;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        protected int run() {
            if (profile != null && config != null) {
                throw new IllegalArgumentException("give --profile or --config, not both");
            }
            ProfileRequest request = config != null ? StationConfigLoader.load(config).profile()
                    : ProfileRequest.of(profile);
            ProfileChoice choice;
            try {
                choice = ProfileLoader.choose(request,
                        HostFacts.read(root, arch != null ? arch : System.getProperty("os.arch", "")));
            } catch (ProfileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            out().print(json ? ProfileReport.json(choice) + "\n" : ProfileReport.text(choice));
            out().flush();
            return OK;
        }
    }
}
