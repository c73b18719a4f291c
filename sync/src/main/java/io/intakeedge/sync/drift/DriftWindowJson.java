package io.intakeedge.sync.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The JSON payload of a drift window (outbox kind {@code drift}) and of its alert event (kind {@code event}).
 * Field names are documented in {@code docs/mqtt.md}, section "Drift payload". Numbers: PSI as doubles, counts as
 * integers, times as ISO-8601 UTC instants; absent values are JSON {@code null}.
 */
public final class DriftWindowJson {

    /** Schema id of a window payload. */
    public static final String SCHEMA = "intake.drift/1";
    /** {@code type} of the alert event raised for a critical window. */
    public static final String ALERT_TYPE = "drift_critical";

    private DriftWindowJson() {
    }

    /** The window as one compact JSON object. */
    public static String write(DriftWindow w) {
        ObjectNode root = DriftJson.MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("camera", w.cameraId());
        root.put("start", w.start().toString());
        root.put("end", w.end().toString());
        root.put("closed_by", w.closedBy().wireName());
        root.put("count", w.count());
        root.put("scored", w.scored());
        root.put("status", w.status().wireName());
        putPsi(root, "max_psi", w.maxPsi());
        writeReference(root, w.reference());
        writeLimits(root.putObject("limits"), w.settings());
        ObjectNode features = root.putObject("features");
        w.features().forEach((f, d) -> {
            ObjectNode node = DriftJson.writeBins(features.putObject(f.wireName()), d.histogram());
            putPsi(node, "psi", d.psi());
            node.put("status", d.status().wireName());
        });
        ObjectNode routes = root.putObject("routes");
        w.routes().forEach(routes::put);
        ObjectNode reasons = root.putObject("gate_reasons");
        w.gateReasons().forEach(reasons::put);
        return serialise(root);
    }

    /**
     * Parses a window payload (the collector's and the store's way back).
     *
     * @throws IOException not JSON, another schema, missing fields or bins that differ from this version's
     */
    public static DriftWindow read(String json) throws IOException {
        JsonNode root = DriftJson.MAPPER.readTree(json);
        if (root == null || !root.isObject() || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IOException("not a drift window payload of schema " + SCHEMA);
        }
        try {
            return new DriftWindow(DriftJson.text(root, "camera"), DriftJson.instant(root, "start"),
                    DriftJson.instant(root, "end"), WindowClose.byWireName(DriftJson.text(root, "closed_by")),
                    DriftJson.integer(root, "count"), DriftJson.integer(root, "scored"),
                    DriftStatus.byWireName(DriftJson.text(root, "status")),
                    readFeatures(DriftJson.object(root, "features")), counts(DriftJson.object(root, "routes")),
                    counts(DriftJson.object(root, "gate_reasons")), readReference(root),
                    readLimits(DriftJson.object(root, "limits")));
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed drift window payload: " + e.getMessage(), e);
        }
    }

    /**
     * The alert event for a critical window: {@code {"type": "drift_critical", "severity": "critical", "camera",
     * "start", "end", "count", "max_psi", "features": {name: psi, ...critical ones}, "reference": {...}}}.
     *
     * @throws IllegalArgumentException when the window is not critical
     */
    public static String alertEvent(DriftWindow w) {
        if (!w.isAlert()) {
            throw new IllegalArgumentException("only a critical window raises an alert, this one is "
                    + w.status().wireName());
        }
        ObjectNode root = DriftJson.MAPPER.createObjectNode();
        root.put("type", ALERT_TYPE);
        root.put("severity", DriftStatus.CRITICAL.wireName());
        root.put("camera", w.cameraId());
        root.put("start", w.start().toString());
        root.put("end", w.end().toString());
        root.put("count", w.count());
        putPsi(root, "max_psi", w.maxPsi());
        ObjectNode features = root.putObject("features");
        w.criticalFeatures().forEach(f -> features.put(f.wireName(), w.feature(f).psi().getAsDouble()));
        writeReference(root, w.reference());
        return serialise(root);
    }

    private static void writeReference(ObjectNode root, Optional<Provenance> reference) {
        if (reference.isEmpty()) {
            root.put("reference", "none");
            return;
        }
        ObjectNode node = root.putObject("reference");
        node.put("sample_count", reference.get().observations());
        DriftJson.writeProvenance(node, reference.get());
    }

    private static Optional<Provenance> readReference(JsonNode root) {
        JsonNode node = root.get("reference");
        if (node != null && node.isTextual() && "none".equals(node.asText())) {
            return Optional.empty();
        }
        JsonNode ref = DriftJson.object(root, "reference");
        return Optional.of(DriftJson.readProvenance(ref, DriftJson.integer(ref, "sample_count")));
    }

    private static void writeLimits(ObjectNode node, DriftSettings s) {
        node.put("window_ms", s.windowDuration().toMillis());
        node.put("window_max_count", s.windowMaxCount());
        node.put("min_samples", s.minSamples());
        node.put("warning_psi", s.warningPsi());
        node.put("critical_psi", s.criticalPsi());
    }

    private static DriftSettings readLimits(JsonNode node) {
        return new DriftSettings(Duration.ofMillis(DriftJson.integer(node, "window_ms")),
                Math.toIntExact(DriftJson.integer(node, "window_max_count")),
                Math.toIntExact(DriftJson.integer(node, "min_samples")), DriftJson.number(node, "warning_psi"),
                DriftJson.number(node, "critical_psi"));
    }

    private static Map<DriftFeature, FeatureDrift> readFeatures(JsonNode features) {
        Map<DriftFeature, FeatureDrift> out = new EnumMap<>(DriftFeature.class);
        for (DriftFeature f : DriftFeature.values()) {
            JsonNode node = DriftJson.object(features, f.wireName());
            JsonNode psi = node.get("psi");
            OptionalDouble value = psi == null || psi.isNull() ? OptionalDouble.empty()
                    : OptionalDouble.of(DriftJson.number(node, "psi"));
            out.put(f, new FeatureDrift(DriftJson.readBins(f, node), value,
                    DriftStatus.byWireName(DriftJson.text(node, "status"))));
        }
        return out;
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), DriftJson.integer(node, e.getKey()));
        }
        return out;
    }

    private static void putPsi(ObjectNode node, String field, OptionalDouble psi) {
        if (psi.isPresent()) {
            node.put(field, psi.getAsDouble());
        } else {
            node.putNull(field);
        }
    }

    private static String serialise(ObjectNode root) {
        try {
            return DriftJson.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of plain values failed to serialise", e);
        }
    }
}
