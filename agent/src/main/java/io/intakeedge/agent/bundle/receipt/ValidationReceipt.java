package io.intakeedge.agent.bundle.receipt;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.BundleJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A bundle's validation receipt file: fixture frames with the route and reason the bundle must give each (seed 001's
 * exact receipt). Paths are relative to the receipt file's directory.
 *
 * @param schema         {@value #SCHEMA}
 * @param datasetId      where the fixtures come from
 * @param datasetVersion its version
 * @param fixtures       the rows, in file order (duplicates are kept so the check can refuse them)
 */
public record ValidationReceipt(String schema, String datasetId, String datasetVersion, List<Fixture> fixtures) {
    public static final String SCHEMA = "intake.receipt/1";

    /**
     * One fixture.
     *
     * @param id         fixture id, unique within the receipt
     * @param slice      evaluated slice it belongs to (e.g. {@code damaged}, {@code too_dark})
     * @param frame      the camera frame (JPEG or PNG)
     * @param background an empty-station frame of the same camera, learned first; null when the frame stands alone
     * @param route      expected route code, e.g. {@code priority_damage_review}
     * @param reason     expected reason code, e.g. {@code damage_threshold}
     */
    public record Fixture(String id, String slice, String frame, String background, String route, String reason) {
        public Fixture {
            Objects.requireNonNull(id, "fixtures[].id");
            Objects.requireNonNull(frame, "fixtures[].frame of " + id);
            Objects.requireNonNull(route, "fixtures[].route of " + id);
            Objects.requireNonNull(reason, "fixtures[].reason of " + id);
        }
    }

    public ValidationReceipt {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got " + schema);
        }
        Objects.requireNonNull(datasetId, "dataset_id");
        Objects.requireNonNull(datasetVersion, "dataset_version");
        fixtures = List.copyOf(Objects.requireNonNull(fixtures, "fixtures"));
    }

    public static ValidationReceipt read(Path file) throws BundleException {
        try {
            return BundleJson.JSON.readValue(file.toFile(), ValidationReceipt.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new BundleException("validation receipt " + file + " is unreadable: " + root.getMessage(), e);
        }
    }
}
