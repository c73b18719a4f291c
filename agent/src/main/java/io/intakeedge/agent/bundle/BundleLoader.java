package io.intakeedge.agent.bundle;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.intakeedge.agent.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.intakeedge.sync.protocol.Json;

/**
 * Loads a bundle directory as one unit and verifies all of it before anything can use it: manifest schema, model
 * sha256, labels, preprocessing, thresholds, fallback. Any problem is a {@link BundleException} naming the file and
 * key; a bundle that loads is complete. The manifest format is documented in {@code agent/README.md}.
 */
public final class BundleLoader {
    /** The manifest's {@code schema} value this loader understands. */
    public static final String SCHEMA = "intake.bundle/1";
    /** Manifest file names tried, in order; exactly one must exist. */
    public static final List<String> MANIFEST_NAMES = List.of("manifest.yaml", "manifest.yml", "manifest.json");
    /** Larger model files are refused before reading (edge devices have little memory). */
    public static final long MAX_MODEL_BYTES = 256L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BundleLoader.class);
    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder()).build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private BundleLoader() {
    }

    /**
     * Loads and verifies the bundle in {@code directory}.
     *
     * @throws BundleException when anything is missing, malformed, out of range, or the model's sha256 differs
     */
    public static Bundle load(Path directory) throws BundleException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new BundleException("bundle directory " + dir + " does not exist or is not a directory");
        }
        Path manifestFile = findManifest(dir);
        String where = manifestFile.toString();
        ManifestNode root = new ManifestNode(where, "", parse(manifestFile));
        root.onlyKeys(Set.of("schema", "bundle", "model", "labels", "preprocess", "thresholds", "fallback_route",
                "drift_reference", "provenance"));
        String schema = root.text("schema");
        if (!SCHEMA.equals(schema)) {
            throw root.error("schema", "unsupported schema '" + schema + "', this agent reads " + SCHEMA);
        }
        ManifestNode head = root.section("bundle").onlyKeys(Set.of("id", "version", "created_at"));
        ManifestNode labelsNode = root.section("labels").onlyKeys(Set.of("file", "version", "positive"));
        List<String> labels = readLabels(labelsNode, file(dir, labelsNode, "file"));
        String positive = labelsNode.text("positive");
        if (!labels.contains(positive)) {
            throw labelsNode.error(labelsNode.key("positive"), "'" + positive + "' is not one of the " + labels.size()
                    + " labels " + labels);
        }
        Bundle bundle = new Bundle(name(head, "id"), name(head, "version"), dir, readModel(dir, root.section("model")),
                labels, name(labelsNode, "version"), positive, preprocess(root.section("preprocess")),
                thresholds(root.section("thresholds")), fallback(root), driftReference(dir, root),
                createdAt(head), provenance(root));
        LOG.info("loaded bundle {} from {} (model sha256 {}, preprocess {}, labels {} {})", bundle.displayName(), dir,
                bundle.model().sha256(), bundle.preprocess().id(), bundle.labelVersion(), labels);
        return bundle;
    }

    /** Lower-case hex sha256 of a file, as the manifest's {@code model.sha256} expects it. */
    public static String sha256Hex(Path file) throws IOException {
        return sha256Hex(ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    private static String sha256Hex(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Path findManifest(Path dir) throws BundleException {
        List<Path> found = new ArrayList<>();
        for (String name : MANIFEST_NAMES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                found.add(dir.resolve(name));
            }
        }
        if (found.isEmpty()) {
            throw new BundleException("bundle " + dir + " has no manifest (looked for " + MANIFEST_NAMES + ")");
        }
        if (found.size() > 1) {
            throw new BundleException("bundle " + dir + " has more than one manifest " + found + "; keep one");
        }
        return found.get(0);
    }

    private static JsonNode parse(Path manifest) throws BundleException {
        ObjectMapper mapper = manifest.toString().endsWith(".json") ? Json.mapper() : YAML;
        try (InputStream in = Files.newInputStream(manifest)) {
            JsonNode node = mapper.readTree(in);
            if (node == null || !node.isObject()) {
                throw new BundleException(manifest + ": the manifest must be a mapping at the top level");
            }
            return node;
        } catch (JacksonException e) {
            throw new BundleException(manifest + ": not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
                    + ": " + e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new BundleException(manifest + ": cannot read: " + e, e);
        }
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** A file named in the manifest: a plain name inside the bundle, existing and regular. */
    private static Path file(Path dir, ManifestNode node, String key) throws BundleException {
        String name = node.text(key);
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw node.error(node.key(key), "'" + name + "' must name a file inside the bundle directory");
        }
        if (!Files.isRegularFile(file)) {
            throw node.error(node.key(key), "file " + file + " does not exist");
        }
        return file;
    }

    private static BundleModel readModel(Path dir, ManifestNode node) throws BundleException {
        node.onlyKeys(Set.of("file", "sha256"));
        String expected = node.text("sha256");
        if (!SHA256.matcher(expected).matches()) {
            throw node.error(node.key("sha256"), "must be 64 hex digits, got '" + expected + "'");
        }
        Path file = file(dir, node, "file");
        ByteBuffer bytes;
        try {
            long size = Files.size(file);
            if (size == 0 || size > MAX_MODEL_BYTES) {
                throw node.error(node.key("file"), file + " has " + size + " bytes; expected 1.." + MAX_MODEL_BYTES);
            }
            bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BundleException("cannot read model " + file + ": " + e, e);
        }
        String actual = sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BundleException("model " + file + " has sha256 " + actual + " but the manifest pins "
                    + expected.toLowerCase(Locale.ROOT) + "; refusing a model that is not the one the bundle was "
                    + "released with");
        }
        return new BundleModel(file, actual, bytes);
    }

    private static List<String> readLabels(ManifestNode node, Path file) throws BundleException {
        List<String> labels = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String label = line.strip();
                if (label.isEmpty() || label.startsWith("#")) {
                    continue;
                }
                if (labels.contains(label)) {
                    throw new BundleException(file + ": label '" + label + "' appears twice");
                }
                labels.add(label);
            }
        } catch (IOException e) {
            throw new BundleException("cannot read labels " + file + ": " + e, e);
        }
        if (labels.isEmpty()) {
            throw new BundleException(file + ": no labels (one label per line, '#' starts a comment)");
        }
        return labels;
    }

    private static BundlePreprocess preprocess(ManifestNode node) throws BundleException {
        node.onlyKeys(Set.of("id", "width", "height", "resize", "roi_margin", "color_order", "mean", "std"));
        int width = node.integer("width");
        int height = node.integer("height");
        for (int size : new int[] {width, height}) {
            if (size < 1 || size > 4096) {
                throw node.error(node.key("width/height"), "must be in 1..4096, got " + width + "x" + height);
            }
        }
        double margin = node.number("roi_margin");
        if (margin < 0 || margin > 1) {
            throw node.error(node.key("roi_margin"), "must be in [0, 1], got " + margin);
        }
        List<Double> std = node.channels("std");
        if (std.stream().anyMatch(s -> s <= 0)) {
            throw node.error(node.key("std"), "every value must be > 0, got " + std);
        }
        return new BundlePreprocess(name(node, "id"), width, height,
                choice(node, "resize", BundlePreprocess.ResizeMode.class), margin,
                choice(node, "color_order", BundlePreprocess.ColorOrder.class), node.channels("mean"), std);
    }

    private static <E extends Enum<E>> E choice(ManifestNode node, String key, Class<E> type)
            throws BundleException {
        String value = node.text(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw node.error(node.key(key), "unknown value '" + value + "'; expected one of "
                + List.of(type.getEnumConstants()));
    }

    private static BundleThresholds thresholds(ManifestNode node) throws BundleException {
        node.onlyKeys(Set.of("damage_threshold", "max_blur", "min_brightness", "max_over_exposed"));
        return new BundleThresholds(unit(node, "damage_threshold"), unit(node, "max_blur"),
                unit(node, "min_brightness"), unit(node, "max_over_exposed"));
    }

    private static double unit(ManifestNode node, String key) throws BundleException {
        double value = node.number(key);
        if (value < 0 || value > 1) {
            throw node.error(node.key(key), "must be in [0, 1], got " + value);
        }
        return value;
    }

    private static Route fallback(ManifestNode root) throws BundleException {
        Route route;
        try {
            route = Route.fromCode(root.text("fallback_route"));
        } catch (IllegalArgumentException e) {
            throw root.error("fallback_route", e.getMessage());
        }
        if (!route.isSafeFallback()) {
            throw root.error("fallback_route", "'" + route + "' is not allowed: failures must fail closed to "
                    + "manual_intake");
        }
        return route;
    }

    private static Optional<Path> driftReference(Path dir, ManifestNode root) throws BundleException {
        return root.optionalText("drift_reference").isPresent()
                ? Optional.of(file(dir, root, "drift_reference")) : Optional.empty();
    }

    private static Instant createdAt(ManifestNode head) throws BundleException {
        String value = head.text("created_at");
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw head.error(head.key("created_at"), "must be an ISO-8601 time with offset such as "
                    + "2026-11-23T09:00:00Z, got '" + value + "'");
        }
    }

    private static Map<String, String> provenance(ManifestNode root) throws BundleException {
        Map<String, String> facts = new LinkedHashMap<>();
        Optional<ManifestNode> node = root.optionalSection("provenance");
        if (node.isPresent()) {
            var fields = node.get().fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getValue().isValueNode()) {
                    throw root.error("provenance." + field.getKey(), "must be a single value");
                }
                facts.put(field.getKey(), field.getValue().asText());
            }
        }
        return facts;
    }

    private static String name(ManifestNode node, String key) throws BundleException {
        String value = node.text(key);
        if (!NAME.matcher(value).matches()) {
            throw node.error(node.key(key), "'" + value + "' must be 1-64 characters of letters, digits, . _ + -");
        }
        return value;
    }
}
