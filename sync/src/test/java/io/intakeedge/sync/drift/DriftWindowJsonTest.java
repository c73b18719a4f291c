package io.intakeedge.sync.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftWindowJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void payloadCarriesTheDocumentedFieldsAndReadsBack() throws Exception {
        DriftWindow w = criticalWindow();
        String payload = DriftWindowJson.write(w);
        JsonNode root = JSON.readTree(payload);

        assertThat(root.fieldNames()).toIterable().containsExactly("schema", "camera", "start", "end", "closed_by",
                "count", "scored", "status", "max_psi", "reference", "limits", "features", "routes",
                "gate_reasons");
        assertThat(root.get("schema").asText()).isEqualTo("intake.drift/1");
        assertThat(root.get("start").asText()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(root.get("closed_by").asText()).isEqualTo("count");
        assertThat(root.get("limits").get("window_ms").asLong()).isEqualTo(900_000);
        assertThat(root.get("reference").get("source").asText()).isEqualTo("daylight");
        assertThat(root.get("features").fieldNames()).toIterable().containsExactly("brightness", "blur_score",
                "over_exposed_fraction", "under_exposed_fraction", "score", "route", "gate_reason");
        JsonNode brightness = root.get("features").get("brightness");
        assertThat(brightness.get("status").asText()).isEqualTo("critical");
        assertThat(brightness.get("counts")).hasSize(brightness.get("edges").size() - 1);
        assertThat(root.get("features").get("score").get("psi").isNull()).isTrue();
        assertThat(root.get("routes").get("request_new_photo").asLong()).isEqualTo(w.count() - w.scored());

        assertThat(DriftWindowJson.read(payload)).isEqualTo(w);
    }

    @Test
    void alertOnlyForCriticalWindows() {
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), Optional.empty(), DriftWindowListener.NONE);
        Frames.daylight("cam-1", T0, 10, 1).forEach(monitor::observe);
        DriftWindow quiet = monitor.flush().get(0);

        assertThatThrownBy(() -> DriftWindowJson.alertEvent(quiet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_reference");
    }

    @Test
    void malformedPayloadsAreRejectedWithTheReason() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(DriftWindowJson.write(criticalWindow()));
        root.remove("count");
        assertThatThrownBy(() -> DriftWindowJson.read(root.toString()))
                .isInstanceOf(IOException.class).hasMessageContaining("'count'");
        assertThatThrownBy(() -> DriftWindowJson.read("{\"schema\":\"intake.batch/1\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("intake.drift/1");
    }

    private static DriftWindow criticalWindow() {
        ReferenceProfile reference = new ReferenceProfileBuilder("daylight", "DriftWindowJsonTest")
                .addAll(Frames.daylight("cam-1", T0.minus(Duration.ofDays(2)), 2000, 1)).build(T0);
        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), Optional.of(reference),
                DriftWindowListener.NONE);
        List<DriftWindow> closed = Frames.winter("cam-1", T0, 500, 3).stream()
                .flatMap(o -> monitor.observe(o).stream()).toList();
        assertThat(closed).singleElement().satisfies(w -> assertThat(w.isAlert()).isTrue());
        return closed.get(0);
    }
}
