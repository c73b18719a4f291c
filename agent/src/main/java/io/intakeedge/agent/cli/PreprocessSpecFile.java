package io.intakeedge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.intakeedge.agent.bundle.BundlePreprocess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.intakeedge.sync.protocol.Json;

/**
 * A preprocessing given on its own ({@code --preprocess-spec FILE}), YAML or JSON with the keys of a bundle
 * manifest's {@code preprocess} section. A whole manifest works too: its {@code preprocess} section is used.
 */
public final class PreprocessSpecFile {
    private static final Set<String> KEYS = Set.of("id", "width", "height", "resize", "roi_margin", "color_order",
            "mean", "std");
    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder()).build();

    private PreprocessSpecFile() {
    }

    public static BundlePreprocess read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read preprocess spec " + file + ": " + e.getMessage(), e);
        }
        JsonNode node = root != null && root.has("preprocess") ? root.get("preprocess") : root;
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + ": expected the keys of a preprocess section " + KEYS);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "'; expected " + KEYS);
            }
        }
        try {
            return new BundlePreprocess(text(node, "id", file), integer(node, "width", file),
                    integer(node, "height", file),
                    BundlePreprocess.ResizeMode.valueOf(text(node, "resize", file).toUpperCase(Locale.ROOT)),
                    number(node.get("roi_margin"), "roi_margin", file),
                    BundlePreprocess.ColorOrder.valueOf(text(node, "color_order", file).toUpperCase(Locale.ROOT)),
                    channels(node, "mean", file), channels(node, "std", file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || !v.isValueNode()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a whole number");
        }
        return v.asInt();
    }

    private static double number(JsonNode v, String key, Path file) {
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a number");
        }
        return v.asDouble();
    }

    /** One number for all channels, or a list of 1 or 3. */
    private static List<Double> channels(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        List<Double> values = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> values.add(number(e, key, file)));
        } else {
            values.add(number(v, key, file));
        }
        if (values.size() == 1) {
            return List.of(values.get(0), values.get(0), values.get(0));
        }
        if (values.size() != 3) {
            throw new IllegalArgumentException(file + ": '" + key + "' needs 1 or 3 values, got " + values);
        }
        return values;
    }
}
