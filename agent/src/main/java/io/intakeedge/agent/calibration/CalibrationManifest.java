package io.intakeedge.agent.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intakeedge.capture.Box;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import io.intakeedge.sync.protocol.Json;

/**
 * {@code manifest.json} of an exported calibration set ({@value #SCHEMA}): where each image came from, so a
 * re-quantization can crop the parcel the station's model saw and an agreement report can slice by camera and route.
 * The images of such a set are unlabelled: the folders name the station's route, not a verified label.
 *
 * @param schema     always {@value #SCHEMA}
 * @param exportedAt when the set was exported
 * @param dataDir    the station data directory it was sampled from
 * @param seed       the sampling seed
 * @param frames     one entry per image, in file order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalibrationManifest(String schema, Instant exportedAt, String dataDir, long seed, List<Frame> frames) {

    public static final String SCHEMA = "intake.calibration/1";
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = Json.snakeCase()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public CalibrationManifest {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("calibration manifest schema must be " + SCHEMA + ", got " + schema);
        }
        frames = List.copyOf(frames);
    }

    /**
     * One exported image.
     *
     * @param file       path relative to the set's directory, '/'-separated
     * @param traceId    the decision it was taken from
     * @param camera     camera id
     * @param capturedAt capture time
     * @param brightness quality brightness (0..1), null when unmeasured
     * @param blur       quality blur score (0..1), null when unmeasured
     * @param score      the station model's positive score, null when it had none
     * @param route      the station's route code
     * @param box        the parcel box in the image: the region the model sees (plus the bundle's margin)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Frame(String file, UUID traceId, String camera, Instant capturedAt, Double brightness, Double blur,
                        Double score, String route, Box box) {
        public Frame {
            Objects.requireNonNull(file, "file");
        }
    }

    /** The manifest in {@code dir}, if the directory has one. */
    public static Optional<CalibrationManifest> readFrom(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            // the schema first: a foreign manifest should say what it is not, not which field it lacks
            JsonNode tree = JSON.readTree(file.toFile());
            String schema = tree.path("schema").asText(null);
            if (!SCHEMA.equals(schema)) {
                throw new IllegalArgumentException(file + " is not a calibration manifest: schema must be " + SCHEMA
                        + ", got " + schema);
            }
            return Optional.of(JSON.treeToValue(tree, CalibrationManifest.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a calibration manifest: " + e.getMessage(), e);
        }
    }

    /** Writes this manifest as {@code dir/manifest.json}, atomically. */
    public void writeTo(Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, ".manifest", ".json.tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            AtomicFiles.move(tmp, dir.resolve(FILE_NAME));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The entry of {@code relativeFile}, if listed. */
    public Optional<Frame> frame(String relativeFile) {
        return frames.stream().filter(f -> f.file().equals(relativeFile)).findFirst();
    }
}
