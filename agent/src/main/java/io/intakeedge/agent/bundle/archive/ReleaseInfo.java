package io.intakeedge.agent.bundle.archive;

import io.intakeedge.agent.bundle.BundleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a bundle directory's {@code release.yaml} says about shipping it, copied into the signed archive manifest.
 *
 * @param schema          {@value #SCHEMA}
 * @param sequence        monotonic bundle sequence number (a station refuses a lower one except by signed rollback)
 * @param minAgentVersion oldest agent version that can run the bundle
 * @param deviceProfiles  device profile ids the bundle was checked on
 * @param modelCard       the model card file, relative to the bundle directory
 * @param receipt         the frozen validation receipt identity
 * @param agreement       the INT8-vs-float agreement limit; null when the model did not come through quantize
 */
public record ReleaseInfo(String schema, long sequence, String minAgentVersion, List<String> deviceProfiles,
                          String modelCard, ReceiptPin receipt, AgreementLimit agreement) {
    public static final String SCHEMA = "intake.release/1";
    public static final String FILE = "release.yaml";

    public ReleaseInfo {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got " + schema);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
        Objects.requireNonNull(minAgentVersion, "min_agent_version");
        AgentVersions.parse(minAgentVersion);
        deviceProfiles = List.copyOf(Objects.requireNonNull(deviceProfiles, "device_profiles"));
        if (deviceProfiles.isEmpty()) {
            throw new IllegalArgumentException("device_profiles must name at least one profile");
        }
        Objects.requireNonNull(modelCard, "model_card");
        Objects.requireNonNull(receipt, "receipt");
    }

    /** Reads {@code dir/release.yaml}. */
    public static ReleaseInfo read(Path dir) throws BundleException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BundleException(file + " is missing: a bundle archive needs its release facts (sequence, "
                    + "device profiles, minimum agent version, receipt, model card)");
        }
        try {
            return BundleJson.YAML.readValue(file.toFile(), ReleaseInfo.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException(file + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }
}
