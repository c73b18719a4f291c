package io.intakeedge.agent.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One section of a parsed manifest with path-aware getters, so every error names the manifest and the key
 * ({@code manifest.yaml: preprocess.width must be an integer, got "wide"}).
 */
final class ManifestNode {
    private final String manifest;
    private final String path;
    private final JsonNode node;

    ManifestNode(String manifest, String path, JsonNode node) {
        this.manifest = manifest;
        this.path = path;
        this.node = node;
    }

    /** Rejects keys outside {@code known}: a typo must not silently fall back to a default. */
    ManifestNode onlyKeys(Set<String> known) throws BundleException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(key(name), "unknown key; known keys here: " + new TreeSet<>(known));
            }
        }
        return this;
    }

    ManifestNode section(String name) throws BundleException {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            throw error(key(name), "missing section");
        }
        if (!child.isObject()) {
            throw error(key(name), "must be a mapping, got " + child.getNodeType().name().toLowerCase());
        }
        return new ManifestNode(manifest, key(name), child);
    }

    Optional<ManifestNode> optionalSection(String name) throws BundleException {
        return node.hasNonNull(name) ? Optional.of(section(name)) : Optional.empty();
    }

    String text(String name) throws BundleException {
        return optionalText(name).orElseThrow(() -> error(key(name), "missing"));
    }

    Optional<String> optionalText(String name) throws BundleException {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            return Optional.empty();
        }
        if (!child.isValueNode()) {
            throw error(key(name), "must be a single value");
        }
        String value = child.asText().trim();
        if (value.isEmpty()) {
            throw error(key(name), "must not be blank");
        }
        return Optional.of(value);
    }

    int integer(String name) throws BundleException {
        JsonNode child = required(name);
        if (!child.canConvertToExactIntegral() || !child.canConvertToInt()) {
            throw error(key(name), "must be an integer, got " + child);
        }
        return child.asInt();
    }

    double number(String name) throws BundleException {
        return number(key(name), required(name));
    }

    /** One number or a list of 1 or 3 numbers; a single value applies to all three channels. */
    List<Double> channels(String name) throws BundleException {
        JsonNode child = required(name);
        List<Double> values = new ArrayList<>();
        if (child.isArray()) {
            for (int i = 0; i < child.size(); i++) {
                values.add(number(key(name) + "[" + i + "]", child.get(i)));
            }
        } else {
            values.add(number(key(name), child));
        }
        if (values.size() == 1) {
            return List.of(values.get(0), values.get(0), values.get(0));
        }
        if (values.size() != 3) {
            throw error(key(name), "needs 1 or 3 values, got " + values.size());
        }
        return values;
    }

    Iterator<java.util.Map.Entry<String, JsonNode>> fields() {
        return node.fields();
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    BundleException error(String key, String problem) {
        return new BundleException(manifest + ": " + key + ": " + problem);
    }

    private JsonNode required(String name) throws BundleException {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
            throw error(key(name), "missing");
        }
        return child;
    }

    private double number(String key, JsonNode value) throws BundleException {
        if (!value.isNumber()) {
            throw error(key, "must be a number, got " + value);
        }
        double d = value.asDouble();
        if (!Double.isFinite(d)) {
            throw error(key, "must be finite, got " + d);
        }
        return d;
    }
}
