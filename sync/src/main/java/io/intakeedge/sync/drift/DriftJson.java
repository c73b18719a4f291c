package io.intakeedge.sync.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import io.intakeedge.sync.protocol.Json;

/** JSON pieces shared by the reference-profile and window codecs. Bad input throws IllegalArgumentException. */
final class DriftJson {

    static final ObjectMapper MAPPER = Json.mapper();

    /** Bin edges read back from JSON are compared with this tolerance (decimal round trips are exact anyway). */
    private static final double EDGE_TOLERANCE = 1e-12;

    private DriftJson() {
    }

    /** {@code {"edges": [...], "counts": [...]}} or {@code {"categories": [...], "counts": [...]}}. */
    static ObjectNode writeBins(ObjectNode node, Histogram h) {
        if (h.feature().isNumeric()) {
            ArrayNode edges = node.putArray("edges");
            h.feature().edges().forEach(edges::add);
        } else {
            ArrayNode categories = node.putArray("categories");
            h.feature().categories().forEach(categories::add);
        }
        ArrayNode counts = node.putArray("counts");
        h.counts().forEach(counts::add);
        return node;
    }

    /** Reads a histogram written by {@link #writeBins}, insisting its bins are exactly this version's bins. */
    static Histogram readBins(DriftFeature feature, JsonNode node) {
        if (feature.isNumeric()) {
            List<Double> edges = new ArrayList<>();
            array(node, "edges", feature).forEach(e -> edges.add(e.asDouble(Double.NaN)));
            if (!sameEdges(edges, feature.edges())) {
                throw new IllegalArgumentException(feature.wireName() + " bins differ: expected edges "
                        + feature.edges() + " but found " + edges);
            }
        } else {
            List<String> categories = new ArrayList<>();
            array(node, "categories", feature).forEach(c -> categories.add(c.asText()));
            if (!categories.equals(feature.categories())) {
                throw new IllegalArgumentException(feature.wireName() + " categories differ: expected "
                        + feature.categories() + " but found " + categories);
            }
        }
        List<Long> counts = new ArrayList<>();
        for (JsonNode c : array(node, "counts", feature)) {
            if (!c.canConvertToLong() || !c.isIntegralNumber()) {
                throw new IllegalArgumentException(feature.wireName() + " count is not an integer: " + c);
            }
            counts.add(c.asLong());
        }
        return new Histogram(feature, counts);
    }

    /** Provenance fields except the sample count, which the caller places. */
    static void writeProvenance(ObjectNode node, Provenance p) {
        node.put("period_start", p.periodStart().toString());
        node.put("period_end", p.periodEnd().toString());
        ArrayNode cameras = node.putArray("cameras");
        p.cameras().forEach(cameras::add);
        node.put("built_at", p.builtAt().toString());
        node.put("built_by", p.builtBy());
        node.put("source", p.source());
    }

    static Provenance readProvenance(JsonNode node, long sampleCount) {
        JsonNode cams = node.get("cameras");
        if (cams == null || !cams.isArray()) {
            throw new IllegalArgumentException("field 'cameras' is missing or not an array");
        }
        List<String> cameras = new ArrayList<>();
        cams.forEach(c -> cameras.add(c.asText()));
        return new Provenance(sampleCount, instant(node, "period_start"), instant(node, "period_end"), cameras,
                instant(node, "built_at"), text(node, "built_by"), text(node, "source"));
    }

    static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return n.asText();
    }

    static long integer(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
        }
        return n.asLong();
    }

    static double number(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a number");
        }
        return n.asDouble();
    }

    static Instant instant(JsonNode parent, String field) {
        String s = text(parent, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 UTC instant: " + s, e);
        }
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an object");
        }
        return n;
    }

    private static JsonNode array(JsonNode node, String field, DriftFeature feature) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(feature.wireName() + ": field '" + field
                    + "' is missing or not an array");
        }
        return n;
    }

    private static boolean sameEdges(List<Double> found, List<Double> expected) {
        if (found.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < found.size(); i++) {
            if (!(Math.abs(found.get(i) - expected.get(i)) <= EDGE_TOLERANCE)) {
                return false;
            }
        }
        return true;
    }
}
