package io.intakeedge.agent.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.intakeedge.sync.protocol.Json;

/**
 * The trace's JSON form (MQTT payload, status API, {@code recent} listings). Field names are a published contract,
 * listed in {@code docs/trace.md}; they are written here by hand, not derived from Java names, so a refactoring can't
 * rename them. Non-finite numbers (a NaN score is fail-closed evidence) are written as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class TraceJson {
    /** Value of the {@code schema} field. */
    public static final String SCHEMA = "intake.trace/1";

    private static final ObjectMapper MAPPER = Json.mapper();

    private TraceJson() {
    }

    public static String toJson(Trace trace) {
        try {
            return MAPPER.writeValueAsString(toNode(trace));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    public static ObjectNode toNode(Trace t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("trace_id", t.traceId().toString());
        n.put("device_id", t.deviceId());
        n.put("station_id", t.stationId());
        n.put("camera_id", t.cameraId());
        n.put("frame_index", t.frameIndex());
        n.put("frame_origin", t.frameOrigin());
        n.put("parcel_seq", t.parcelSeq());
        n.put("captured_at", t.capturedAt().toString());
        n.put("decided_at", t.decidedAt().toString());
        n.set("bundle", bundle(t.bundle()));
        n.set("quality", quality(t.quality()));
        ObjectNode gate = n.putObject("gate");
        gate.put("passed", t.gatePassed());
        t.gateReasons().forEach(gate.putArray("reasons")::add);
        gate.set("thresholds", gateThresholds(t.gateThresholds()));
        ObjectNode scores = n.putObject("scores");
        t.scores().forEach((label, score) -> number(scores, label, score));
        number(n, "positive_score", t.positiveScore());
        number(n, "threshold", t.threshold());
        n.put("route", t.route().code());
        n.put("reason", t.reason().code());
        StageLatencies l = t.latency();
        n.putObject("latency_us").put("capture", l.captureMicros()).put("quality", l.qualityMicros())
                .put("preprocess", l.preprocessMicros()).put("invoke", l.invokeMicros()).put("route", l.routeMicros())
                .put("store", l.storeMicros()).put("total", l.totalMicros());
        n.put("backend", t.backend());
        n.put("backend_nodes", t.backendNodes() == null ? null : t.backendNodes().nodes());
        n.put("model_nodes", t.backendNodes() == null ? null : t.backendNodes().modelNodes());
        n.put("evidence_path", t.evidencePath());
        n.put("error", t.error());
        return n;
    }

    /**
     * Reads a trace written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the text is not a trace of schema {@value #SCHEMA}
     */
    public static Trace fromJson(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !SCHEMA.equals(n.path("schema").asText())) {
            throw new IllegalArgumentException("not a trace of schema " + SCHEMA);
        }
        JsonNode gate = n.path("gate");
        List<String> reasons = new ArrayList<>();
        gate.path("reasons").forEach(r -> reasons.add(r.asText()));
        Map<String, Double> scores = new LinkedHashMap<>();
        n.path("scores").fields().forEachRemaining(e -> scores.put(e.getKey(), number(e.getValue())));
        JsonNode l = n.path("latency_us");
        return new Trace(UUID.fromString(n.path("trace_id").asText()), text(n, "device_id"), text(n, "station_id"),
                text(n, "camera_id"), n.path("frame_index").asLong(), text(n, "frame_origin"),
                n.path("parcel_seq").isNull() ? null : n.path("parcel_seq").asLong(),
                Instant.parse(text(n, "captured_at")), Instant.parse(text(n, "decided_at")),
                readBundle(n.path("bundle")), readQuality(n.path("quality")),
                gate.path("passed").isBoolean() ? gate.path("passed").asBoolean() : null, reasons, scores,
                number(n.path("positive_score")), number(n.path("threshold")),
                readGateThresholds(gate.path("thresholds")), Route.fromCode(text(n, "route")),
                Reason.fromCode(text(n, "reason")),
                new StageLatencies(l.path("capture").asLong(), l.path("quality").asLong(),
                        l.path("preprocess").asLong(), l.path("invoke").asLong(), l.path("route").asLong(),
                        l.path("store").asLong(), l.path("total").asLong()),
                text(n, "backend"), readBackendNodes(n), text(n, "evidence_path"), text(n, "error"));
    }

    private static BackendNodes readBackendNodes(JsonNode n) {
        JsonNode nodes = n.path("backend_nodes");
        JsonNode model = n.path("model_nodes");
        return nodes.isIntegralNumber() && model.isIntegralNumber() ? new BackendNodes(nodes.asInt(), model.asInt())
                : null;
    }

    private static JsonNode gateThresholds(GateThresholds g) {
        if (g == null) {
            return MAPPER.nullNode();
        }
        return MAPPER.createObjectNode().put("max_blur", g.maxBlur()).put("min_brightness", g.minBrightness())
                .put("max_over_exposed", g.maxOverExposedFraction());
    }

    private static GateThresholds readGateThresholds(JsonNode g) {
        return g.isObject() ? new GateThresholds(g.path("max_blur").asDouble(), g.path("min_brightness").asDouble(),
                g.path("max_over_exposed").asDouble()) : null;
    }

    private static JsonNode bundle(BundleRef b) {
        if (b == null) {
            return MAPPER.nullNode();
        }
        return MAPPER.createObjectNode().put("id", b.id()).put("version", b.version())
                .put("model_sha256", b.modelSha256()).put("preprocess_id", b.preprocessId())
                .put("label_version", b.labelVersion()).put("positive_label", b.positiveLabel());
    }

    private static BundleRef readBundle(JsonNode b) {
        return b.isObject() ? new BundleRef(text(b, "id"), text(b, "version"), text(b, "model_sha256"),
                text(b, "preprocess_id"), text(b, "label_version"), text(b, "positive_label")) : null;
    }

    private static JsonNode quality(QualityMetrics q) {
        if (q == null) {
            return MAPPER.nullNode();
        }
        ObjectNode n = MAPPER.createObjectNode();
        number(n, "blur_score", q.blurScore());
        number(n, "laplacian_variance", q.laplacianVariance());
        number(n, "brightness", q.brightness());
        number(n, "under_exposed", q.underExposedFraction());
        number(n, "over_exposed", q.overExposedFraction());
        n.put("parcel_visible", q.parcelVisible());
        n.put("parcel_complete", q.parcelComplete());
        Optional<Box> box = q.parcelBox();
        n.set("parcel_box", box.isEmpty() ? MAPPER.nullNode() : MAPPER.createObjectNode().put("x", box.get().x())
                .put("y", box.get().y()).put("width", box.get().width()).put("height", box.get().height()));
        n.put("parcel_locator", q.locator());
        n.put("locator_fault", q.locatorFault());
        return n;
    }

    private static QualityMetrics readQuality(JsonNode q) {
        if (!q.isObject()) {
            return null;
        }
        JsonNode b = q.path("parcel_box");
        Optional<Box> box = b.isObject() ? Optional.of(new Box(b.path("x").asInt(), b.path("y").asInt(),
                b.path("width").asInt(), b.path("height").asInt())) : Optional.empty();
        return new QualityMetrics(number(q.path("blur_score")), number(q.path("laplacian_variance")),
                number(q.path("brightness")), number(q.path("under_exposed")), number(q.path("over_exposed")),
                q.path("parcel_visible").asBoolean(), q.path("parcel_complete").asBoolean(), box,
                text(q, "parcel_locator"), text(q, "locator_fault"));
    }

    private static void number(ObjectNode n, String field, Double value) {
        if (value == null) {
            n.putNull(field);
        } else if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.put(field, value.toString());
        }
    }

    private static Double number(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.isTextual() ? Double.valueOf(n.asText()) : n.asDouble();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
