package io.intakeedge.sync.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON form of a {@link ReferenceProfile}:
 * <pre>
 * {"schema": "intake.drift-reference/1", "sample_count": 5000,
 *  "provenance": {"period_start": ISO, "period_end": ISO, "cameras": [..], "built_at": ISO,
 *                 "built_by": "..", "source": ".."},
 *  "features": {"brightness": {"edges": [0.0, 0.1, ..], "counts": [..]},
 *               "route": {"categories": ["request_new_photo", ..], "counts": [..]}, ..}}
 * </pre>
 * Unknown features are ignored (a newer builder may add some); a known feature with other bins is rejected.
 */
final class ReferenceProfileCodec {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceProfileCodec.class);

    private ReferenceProfileCodec() {
    }

    static String write(ReferenceProfile profile) {
        ObjectNode root = DriftJson.MAPPER.createObjectNode();
        root.put("schema", ReferenceProfile.SCHEMA);
        root.put("sample_count", profile.sampleCount());
        DriftJson.writeProvenance(root.putObject("provenance"), profile.provenance());
        ObjectNode features = root.putObject("features");
        profile.histograms().forEach((f, h) -> DriftJson.writeBins(features.putObject(f.wireName()), h));
        try {
            return DriftJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of plain values failed to serialise", e);
        }
    }

    static ReferenceProfile read(String json) throws IOException {
        JsonNode root = DriftJson.MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IncompatibleReferenceException("a drift reference profile is a JSON object");
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !ReferenceProfile.SCHEMA.equals(schema.asText())) {
            throw new IncompatibleReferenceException("drift reference schema is " + schema + ", this agent reads "
                    + ReferenceProfile.SCHEMA);
        }
        try {
            Provenance provenance = DriftJson.readProvenance(DriftJson.object(root, "provenance"),
                    DriftJson.integer(root, "sample_count"));
            return new ReferenceProfile(provenance, histograms(DriftJson.object(root, "features")));
        } catch (IllegalArgumentException e) {
            throw new IncompatibleReferenceException("drift reference profile rejected: " + e.getMessage(), e);
        }
    }

    private static Map<DriftFeature, Histogram> histograms(JsonNode features) {
        Map<DriftFeature, Histogram> out = new EnumMap<>(DriftFeature.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            DriftFeature.byWireName(e.getKey()).ifPresentOrElse(
                    f -> out.put(f, DriftJson.readBins(f, e.getValue())),
                    () -> LOG.info("drift reference feature '{}' is unknown to this agent, ignored", e.getKey()));
        }
        return out;
    }
}
