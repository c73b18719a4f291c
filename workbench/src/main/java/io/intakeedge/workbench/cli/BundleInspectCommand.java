package io.intakeedge.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.BundleJson;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;
import io.intakeedge.agent.bundle.receipt.ValidationReceipt;
import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.workbench.bundle.ArchiveSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code intake-edge bundle inspect FILE}: release facts, model card, receipt summary, files and hashes. Checks the
 * files against the manifest but NOT the signature (use {@code bundle verify} for that): it says so in its output.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show an archive's release facts, model card, receipt summary, files and sha256.")
final class BundleInspectCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the archive")
    Path archive;

    @Override
    protected int run() throws Exception {
        Path work = Files.createTempDirectory("bundle-inspect-");
        try {
            BundleArchive a = BundleArchive.openUnverified(archive, work.resolve("x"), ArchiveLimits.DEFAULTS);
            ArchiveManifest m = a.manifest();
            ReleaseInfo r = m.release();
            out().println("bundle:          " + m.bundleId() + "@" + m.bundleVersion() + " (" + m.format() + ")");
            out().println("sequence:        " + r.sequence());
            out().println("device profiles: " + String.join(", ", r.deviceProfiles()));
            out().println("min agent:       " + r.minAgentVersion());
            out().println("signature:       " + a.signer() + " — run `bundle verify --trust PUB` to check it");
            out().println("agreement limit: " + (r.agreement() == null ? "none (not quantized)"
                    : "top-1 >= " + r.agreement().minTop1Agreement() + ", route >= "
                    + r.agreement().minRouteAgreement() + " (" + r.agreement().file() + ")"));
            printReceipt(a.bundleDir(), r);
            out().println("model card (" + r.modelCard() + "):");
            JsonNode card = BundleJson.YAML.readTree(a.bundleDir().resolve(r.modelCard()).toFile());
            out().println(indent(BundleJson.YAML.writeValueAsString(card).replaceFirst("^---\\n", "")));
            out().println("files (sha256, bytes):");
            for (ArchiveManifest.FileEntry f : m.files()) {
                out().printf("  %s %9d %s%n", f.sha256(), f.size(), f.path());
            }
            out().flush();
            return OK;
        } finally {
            ArchiveSigner.deleteTree(work);
        }
    }

    private void printReceipt(Path bundleDir, ReleaseInfo r) throws Exception {
        ValidationReceipt receipt = ValidationReceipt.read(bundleDir.resolve(r.receipt().file()));
        Map<String, Integer> byRoute = new TreeMap<>();
        receipt.fixtures().forEach(f -> byRoute.merge(f.route() + "/" + f.reason(), 1, Integer::sum));
        out().println("receipt:         " + r.receipt().datasetId() + "@" + r.receipt().datasetVersion() + ", "
                + r.receipt().fixtures().size() + " pinned fixtures, " + receipt.fixtures().size() + " rows");
        byRoute.forEach((k, n) -> out().println("  " + n + " x " + k));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce((x, y) -> x + "\n" + y).orElse("");
    }
}
