package io.intakeedge.agent.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:40:59.001Z");

    /** The published field names (docs/trace.md); changing one breaks consumers, so this list changes with it. */
    @Test
    void fieldNamesAreTheDocumentedOnes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(TraceJson.toJson(SampleTraces.priority(T0, 10)));

        assertThat(names(json)).containsExactly("schema", "trace_id", "device_id", "station_id", "camera_id",
                "frame_index", "frame_origin", "parcel_seq", "captured_at", "decided_at", "bundle", "quality", "gate",
                "scores", "positive_score", "threshold", "route", "reason", "latency_us", "backend", "backend_nodes",
                "model_nodes", "evidence_path", "error");
        assertThat(names(json.get("bundle"))).containsExactly("id", "version", "model_sha256", "preprocess_id",
                "label_version", "positive_label");
        assertThat(names(json.get("quality"))).containsExactly("blur_score", "laplacian_variance", "brightness",
                "under_exposed", "over_exposed", "parcel_visible", "parcel_complete", "parcel_box", "parcel_locator",
                "locator_fault");
        assertThat(names(json.get("quality").get("parcel_box"))).containsExactly("x", "y", "width", "height");
        assertThat(names(json.get("gate"))).containsExactly("passed", "reasons", "thresholds");
        assertThat(names(json.get("gate").get("thresholds"))).containsExactly("max_blur", "min_brightness",
                "max_over_exposed");
        assertThat(names(json.get("latency_us"))).containsExactly("capture", "quality", "preprocess", "invoke",
                "route", "store", "total");
    }

    @Test
    void valuesAreWrittenAsTheSeedsShowThem() throws Exception {
        JsonNode json = new ObjectMapper().readTree(TraceJson.toJson(SampleTraces.priority(T0, 10)));

        assertThat(json.get("schema").asText()).isEqualTo("intake.trace/1");
        assertThat(json.get("route").asText()).isEqualTo("priority_damage_review");
        assertThat(json.get("reason").asText()).isEqualTo("damage_threshold");
        assertThat(json.get("positive_score").asDouble()).isEqualTo(0.91);
        assertThat(json.get("scores").get("damaged").toString()).isEqualTo("0.91");
        assertThat(json.get("threshold").asDouble()).isEqualTo(0.70);
        assertThat(json.get("quality").get("blur_score").asDouble()).isEqualTo(0.12);
        assertThat(json.get("decided_at").asText()).isEqualTo("2026-11-23T09:40:59.001Z");
        assertThat(json.get("gate").get("passed").asBoolean()).isTrue();
        assertThat(json.get("latency_us").get("invoke").asLong()).isEqualTo(2400);
        assertThat(json.get("evidence_path").isNull()).isTrue();
        assertThat(json.get("backend").asText()).isEqualTo("tflite-xnnpack");
        assertThat(json.get("backend_nodes").asInt()).isEqualTo(3);
        assertThat(json.get("model_nodes").asInt()).isEqualTo(4);
        JsonNode noBundle = new ObjectMapper().readTree(TraceJson.toJson(SampleTraces.noBundle(T0, 5)));
        assertThat(noBundle.get("backend_nodes").isNull()).isTrue();
    }

    @Test
    void roundTripsEveryKindOfTraceIncludingNaNScores() {
        for (Trace trace : List.of(SampleTraces.priority(T0, 1), SampleTraces.blurred(T0, 2),
                SampleTraces.nanScore(T0, 3), SampleTraces.modelError(T0, 4), SampleTraces.noBundle(T0, 5),
                SampleTraces.priority(T0, 6).withEvidencePath("/data/evidence/2026-11-23/x.jpg"))) {
            assertThat(TraceJson.fromJson(TraceJson.toJson(trace))).as(trace.reason().code()).isEqualTo(trace);
        }
    }

    @Test
    void nonFiniteScoresAreStrings() throws Exception {
        JsonNode json = new ObjectMapper().readTree(TraceJson.toJson(SampleTraces.nanScore(T0, 3)));

        assertThat(json.get("scores").get("intact").isTextual()).isTrue();
        assertThat(json.get("scores").get("intact").asText()).isEqualTo("NaN");
        assertThat(json.get("reason").asText()).isEqualTo("score_nan");
        assertThat(json.get("route").asText()).isEqualTo("manual_intake");
    }

    @Test
    void refusesTextThatIsNotATrace() {
        assertThatThrownBy(() -> TraceJson.fromJson("{\"schema\":\"intake.batch/1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intake.trace/1");
        assertThatThrownBy(() -> TraceJson.fromJson("{broken")).hasMessageContaining("not JSON");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
