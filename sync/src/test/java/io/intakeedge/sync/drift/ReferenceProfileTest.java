package io.intakeedge.sync.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static io.intakeedge.sync.drift.Frames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceProfileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BUILT = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void builderCountsEveryFeatureAndRecordsProvenance() {
        List<DriftObservation> frames = List.of(
                DriftObservation.scored("cam-b", T0, 0.55, 0.05, 0.0, 0.0005, 0.15, "normal_review"),
                DriftObservation.scored("cam-a", T0.plusSeconds(5), 1.0, 0.15, 0.003, 0.0, 0.95,
                        "priority_damage_review"),
                new DriftObservation("cam-a", T0.minusSeconds(3), 0.05, 0.9, 0.0, 0.6, OptionalDouble.empty(),
                        "request_new_photo", List.of("too_dark", "too_blurry")));

        ReferenceProfile p = new ReferenceProfileBuilder("dock-a week 47", "test 1.0").addAll(frames).build(BUILT);

        assertThat(p.sampleCount()).isEqualTo(3);
        assertThat(p.provenance().periodStart()).isEqualTo(T0.minusSeconds(3));
        assertThat(p.provenance().periodEnd()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.provenance().cameras()).containsExactly("cam-a", "cam-b");
        assertThat(p.provenance().source()).isEqualTo("dock-a week 47");
        // brightness 0.55 -> bin 5, 1.0 -> bin 9 (last bin is closed), 0.05 -> bin 0
        assertThat(p.histogram(DriftFeature.BRIGHTNESS).orElseThrow().counts())
                .containsExactly(1L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L);
        // two scores only: 0.15 -> bin 1, 0.95 -> bin 9
        assertThat(p.histogram(DriftFeature.SCORE).orElseThrow().counts())
                .containsExactly(0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        // edges 0, .001, .005, .01, .02, .05, .1, .2, .5, 1: 0.0005 -> 0, 0 -> 0, 0.6 -> 8
        assertThat(p.histogram(DriftFeature.UNDER_EXPOSED_FRACTION).orElseThrow().counts())
                .containsExactly(2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        // none, package_not_visible, package_incomplete, too_blurry, too_dark, over_exposed, other
        assertThat(p.histogram(DriftFeature.GATE_REASON).orElseThrow().counts())
                .containsExactly(2L, 0L, 0L, 1L, 1L, 0L, 0L);
    }

    @Test
    void featureWithoutSamplesIsLeftOutAndReportedAsNoReference() {
        List<DriftObservation> unscored = Frames.winter("cam-1", T0, 300, 4).stream()
                .map(o -> new DriftObservation(o.cameraId(), o.time(), o.brightness(), o.blurScore(),
                        o.overExposedFraction(), o.underExposedFraction(), OptionalDouble.empty(), "manual_intake",
                        List.of()))
                .toList();
        ReferenceProfile p = new ReferenceProfileBuilder("no model yet", "test").addAll(unscored).build(BUILT);
        assertThat(p.histogram(DriftFeature.SCORE)).isEmpty();

        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), Optional.of(p), DriftWindowListener.NONE);
        Frames.daylight("cam-1", T0, 300, 5).forEach(monitor::observe);
        DriftWindow w = monitor.flush().get(0);

        assertThat(w.feature(DriftFeature.SCORE).status()).isEqualTo(DriftStatus.NO_REFERENCE);
        assertThat(w.reference()).contains(p.provenance());
    }

    @Test
    void emptyBuilderRefusesToInventAProfile() {
        assertThatThrownBy(() -> new ReferenceProfileBuilder("x", "y").build(BUILT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("zero observations");
    }

    @Test
    void jsonRoundTripThroughAFile() throws Exception {
        ReferenceProfile p = daylightProfile();
        Path file = dir.resolve("drift-reference.json");

        p.writeTo(file);
        ReferenceProfile back = ReferenceProfile.readFrom(file);

        assertThat(back).isEqualTo(p);
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
        assertThat(root.get("schema").asText()).isEqualTo("intake.drift-reference/1");
        assertThat(root.get("sample_count").asLong()).isEqualTo(2000);
        assertThat(root.get("features").get("brightness").get("edges")).hasSize(11);
        assertThat(root.get("features").get("route").get("categories").get(0).asText())
                .isEqualTo("request_new_photo");
    }

    @Test
    void differentBinEdgesAreRejected() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(daylightProfile().toJson());
        ArrayNode edges = (ArrayNode) root.get("features").get("brightness").get("edges");
        edges.set(5, 0.45);

        assertThatThrownBy(() -> ReferenceProfile.fromJson(root.toString()))
                .isInstanceOf(IncompatibleReferenceException.class)
                .hasMessageContaining("brightness bins differ").hasMessageContaining("0.45");
    }

    @Test
    void differentCategoriesWrongCountsAndOtherSchemasAreRejected() throws Exception {
        String good = daylightProfile().toJson();

        ObjectNode categories = (ObjectNode) JSON.readTree(good);
        ((ArrayNode) categories.get("features").get("route").get("categories")).remove(3);
        assertThatThrownBy(() -> ReferenceProfile.fromJson(categories.toString()))
                .isInstanceOf(IncompatibleReferenceException.class).hasMessageContaining("route categories");

        ObjectNode counts = (ObjectNode) JSON.readTree(good);
        ((ArrayNode) counts.get("features").get("blur_score").get("counts")).remove(0);
        assertThatThrownBy(() -> ReferenceProfile.fromJson(counts.toString()))
                .isInstanceOf(IncompatibleReferenceException.class).hasMessageContaining("blur_score has 10 bins");

        ObjectNode schema = (ObjectNode) JSON.readTree(good);
        schema.put("schema", "intake.drift-reference/2");
        assertThatThrownBy(() -> ReferenceProfile.fromJson(schema.toString()))
                .isInstanceOf(IncompatibleReferenceException.class).hasMessageContaining("schema");
    }

    @Test
    void unknownFeaturesFromANewerBuilderAreIgnored() throws Exception {
        ReferenceProfile p = daylightProfile();
        ObjectNode root = (ObjectNode) JSON.readTree(p.toJson());
        ((ObjectNode) root.get("features")).putObject("hue").putArray("counts").add(3);

        assertThat(ReferenceProfile.fromJson(root.toString())).isEqualTo(p);
    }

    @Test
    void missingOrIncompatibleProfileMeansReferenceNone() throws Exception {
        assertThat(ReferenceProfile.loadOrNone(dir.resolve("absent.json"))).isEmpty();

        Path bad = dir.resolve("bad.json");
        ObjectNode root = (ObjectNode) JSON.readTree(daylightProfile().toJson());
        ((ArrayNode) root.get("features").get("score").get("edges")).remove(10);
        Files.writeString(bad, root.toString());
        Optional<ReferenceProfile> none = ReferenceProfile.loadOrNone(bad);
        assertThat(none).isEmpty();

        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{not json");
        assertThat(ReferenceProfile.loadOrNone(garbage)).isEmpty();

        DriftMonitor monitor = new DriftMonitor(DriftSettings.defaults(), none, DriftWindowListener.NONE);
        Frames.daylight("cam-1", T0, 250, 8).forEach(monitor::observe);
        assertThat(monitor.flush()).singleElement()
                .satisfies(w -> assertThat(w.status()).isEqualTo(DriftStatus.NO_REFERENCE));
    }

    private static ReferenceProfile daylightProfile() {
        return new ReferenceProfileBuilder("daylight", "ReferenceProfileTest")
                .addAll(Frames.daylight("cam-1", T0.minus(Duration.ofDays(3)), 2000, 11)).build(BUILT);
    }
}
