package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.trace.Trace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's HTTP contract, against a real agent deciding the live synthetic scene with the demo bundle. */
class StatusApiTest {
    @TempDir
    static Path dir;
    static LiveAgent live;

    @BeforeAll
    static void start() throws Exception {
        live = new LiveAgent(dir, LiveAgent.BUNDLE);
        assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.agent.traces().count() >= 6
                && live.agent.traces().recent(50).stream().anyMatch(t -> t.evidencePath() != null)))
                .as("decisions with evidence within 60 s").isTrue();
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    @Test
    void thePageAndItsFilesAreServedFromTheAgent() throws Exception {
        var page = live.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Recent decisions").contains("/app.js").doesNotContain("http://", "https://");
        assertThat(live.get("/app.js").body()).contains("EventSource('/api/live')");
        assertThat(live.get("/style.css").statusCode()).isEqualTo(200);
    }

    @Test
    void tracesPageNewestFirstAndTheCursorWalksEveryTraceOnce() throws Exception {
        Instant cut = Instant.now();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        do {
            JsonNode page = live.json("/api/traces?limit=2&since=2000-01-01T00:00:00Z"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.get("traces").size()).isBetween(1, 2);
            for (JsonNode t : page.get("traces")) {
                Instant decided = Instant.parse(t.get("decided_at").asText());
                assertThat(decided).isBeforeOrEqualTo(previous);
                previous = decided;
                seen.add(t.get("trace_id").asText());
            }
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null && seen.size() < 40);
        assertThat(new HashSet<>(seen)).as("no trace twice").hasSize(seen.size());
        long storedBefore = live.agent.traces().recent(1000).stream().filter(t -> t.decidedAt().isBefore(cut)).count();
        assertThat(seen.size()).isGreaterThanOrEqualTo((int) Math.min(storedBefore, 40));
    }

    @Test
    void routeAndSinceFilter() throws Exception {
        JsonNode page = live.json("/api/traces?route=priority_damage_review&limit=500");
        assertThat(page.get("traces").size()).isPositive();
        page.get("traces").forEach(t -> assertThat(t.get("route").asText()).isEqualTo("priority_damage_review"));
        String future = Instant.now().plusSeconds(3600).toString();
        assertThat(live.json("/api/traces?since=" + future).get("traces")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"route=bogus", "limit=0", "limit=501", "limit=ten", "since=yesterday", "cursor=xyz",
            "rout=normal_review", "limit=1&limit=2", "since=-1"})
    void badParametersAre400WithTheReason(String query) throws Exception {
        var r = live.get("/api/traces?" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        String param = query.substring(0, query.indexOf('='));
        assertThat(LiveAgent.JSON.readTree(r.body()).get("error").asText()).contains(param);
    }

    @Test
    void oneTraceByIdAnd404ForUnknownAnd400ForMalformed() throws Exception {
        Trace stored = live.agent.traces().recent(1).get(0);
        JsonNode t = live.json("/api/traces/" + stored.traceId());
        assertThat(t.get("trace_id").asText()).isEqualTo(stored.traceId().toString());
        assertThat(t.get("route").asText()).isEqualTo(stored.route().code());
        assertThat(live.get("/api/traces/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(live.get("/api/traces/not-a-uuid").statusCode()).isEqualTo(400);
    }

    @Test
    void evidenceIsAJpegAndOnlyFromInsideTheEvidenceDirectory() throws Exception {
        Trace withEvidence = live.agent.traces().recent(100).stream().filter(t -> t.evidencePath() != null)
                .findFirst().orElseThrow();
        var jpeg = live.getBytes("/api/traces/" + withEvidence.traceId() + "/evidence.jpg");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("content-type")).contains("image/jpeg");
        assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(jpeg.body()).isEqualTo(Files.readAllBytes(Path.of(withEvidence.evidencePath())));

        Trace none = live.agent.traces().recent(100).stream().filter(t -> t.evidencePath() == null)
                .findFirst().orElseThrow();
        assertThat(live.get("/api/traces/" + none.traceId() + "/evidence.jpg").statusCode()).isEqualTo(404);

        Path evidenceDir = live.dataDir.resolve("evidence");
        Path link = evidenceDir.resolve("link.jpg");
        Files.createSymbolicLink(link, live.dataDir.resolve("intake-edge.mv.db").toAbsolutePath());
        for (String escaping : List.of("/etc/passwd", evidenceDir + "/../intake-edge.mv.db", link.toString())) {
            Trace tampered = withEvidencePath(withEvidence, escaping);
            live.agent.traces().store(tampered);
            var r = live.get("/api/traces/" + tampered.traceId() + "/evidence.jpg");
            assertThat(r.statusCode()).as(escaping).isEqualTo(404);
            assertThat(r.body()).contains("not in the evidence directory");
        }
        String traversal = URLEncoder.encode("../../intake-edge.mv.db", StandardCharsets.UTF_8);
        assertThat(live.get("/api/traces/" + traversal + "/evidence.jpg").statusCode()).isIn(400, 404);
    }

    @Test
    void eventsTimelineStartsWithTheAgentAndPagesBySeq() throws Exception {
        assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> {
            try {
                return live.json("/api/events").get("last_seq").asLong() >= 2;
            } catch (Exception e) {
                return false;
            }
        })).isTrue();
        JsonNode all = live.json("/api/events");
        Set<String> kinds = new HashSet<>();
        all.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).contains("agent_started", "bundle");
        long last = all.get("last_seq").asLong();
        assertThat(live.json("/api/events?since=" + last).get("events")).isEmpty();
        assertThat(live.json("/api/events?since=" + (last - 1)).get("events")).hasSize(1);
        assertThat(live.get("/api/events?since=abc").statusCode()).isEqualTo(400);
        assertThat(live.get("/api/events?from=1").statusCode()).isEqualTo(400);
    }

    @Test
    void readyWhileDeciding() throws Exception {
        // /healthz also reports resource headroom (the test JVM's -Xmx2g is over this profile's limit): not checked
        var ready = live.get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void liveStreamPushesStatusEvents() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(live.url("/api/live"))).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        try (var lines = response.body()) {
            String data = lines.filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
            JsonNode payload = LiveAgent.JSON.readTree(data.substring("data: ".length()));
            assertThat(payload.get("status").get("station").asText()).isEqualTo("dock-1");
            assertThat(payload.get("camera").get("state").asText()).isEqualTo("ok");
            assertThat(payload.get("recent").size()).isPositive();
            JsonNode health = payload.get("health");
            assertThat(health.get("resources").get("profile_id").asText()).isNotEmpty();
            assertThat(health.get("sync").isNull()).as("sync is off in this agent").isTrue();
            assertThat(health.get("live_view").has("dropped")).isTrue();
            assertThat(payload.get("status").get("latency_ms").has("capture_thread")).isTrue();
        }
    }

    @Test
    void explainReDerivesTheStoredRouteRuleByRule() throws Exception {
        Trace stored = live.agent.traces().recent(1).get(0);
        JsonNode e = live.json("/api/traces/" + stored.traceId() + "/explain");
        assertThat(e.get("matches").asBoolean()).as(e.toString()).isTrue();
        assertThat(e.get("derived_route").asText()).isEqualTo(stored.route().code());
        assertThat(e.get("stored_reason").asText()).isEqualTo(stored.reason().code());
        assertThat(e.get("checks").size()).isGreaterThanOrEqualTo(3);
        e.get("checks").forEach(c -> assertThat(c.get("status").asText()).isIn("pass", "fail", "not reached"));
        assertThat(live.get("/api/traces/" + UUID.randomUUID() + "/explain").statusCode()).isEqualTo(404);
        assertThat(live.get("/api/traces/nope/explain").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/evidence.jpg", "/explain"})
    void traceResourcesTakeNoParameters(String suffix) throws Exception {
        Trace stored = live.agent.traces().recent(1).get(0);
        var r = live.get("/api/traces/" + stored.traceId() + suffix + "?format=xml");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(LiveAgent.JSON.readTree(r.body()).get("error").asText()).contains("format");
    }

    @Test
    void liveViewIsAJpegThatMovesWhileSomeoneWatches() throws Exception {
        assertThat(live.get("/api/live.jpg?size=big").statusCode()).isEqualTo(400);
        var first = live.getBytes("/api/live.jpg");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).contains("image/jpeg");
        assertThat(first.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        long seq = Long.parseLong(first.headers().firstValue("x-live-seq").orElseThrow());
        assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> {
            try {
                var next = live.getBytes("/api/live.jpg");
                return Long.parseLong(next.headers().firstValue("x-live-seq").orElseThrow()) > seq + 2
                        && next.headers().firstValue("x-gate").orElse("").startsWith("gate ");
            } catch (Exception e) {
                return false;
            }
        })).as("the live view encodes new frames").isTrue();
        assertThat(live.agent.liveView().encoded()).isGreaterThan(2);
    }

    @Test
    void controlIsDisabledWithoutAToken() throws Exception {
        JsonNode list = live.json("/api/control");
        assertThat(list.get("enabled").asBoolean()).isFalse();
        assertThat(list.get("reason").asText()).contains("http.control_token");
        var r = live.send(live.request("/api/control/capture_now")
                .header("Authorization", "Bearer anything-at-all-123")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("disabled");
    }

    private static Trace withEvidencePath(Trace t, String path) {
        return new Trace(UUID.randomUUID(), t.deviceId(), t.stationId(), t.cameraId(), t.frameIndex(),
                t.frameOrigin(), t.parcelSeq(), t.capturedAt(), t.decidedAt(), t.bundle(), t.quality(),
                t.gatePassed(), t.gateReasons(), t.scores(), t.positiveScore(), t.threshold(), t.gateThresholds(),
                t.route(), t.reason(), t.latency(), t.backend(), t.backendNodes(), path, t.error());
    }
}
