package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control actions against a real agent on the live scene with a configured token: POST only, bearer token required,
 * cookies and form posts refused whatever token they carry, every action and refusal on the timeline, the token in
 * no answer.
 */
class ControlApiTest {
    private static final String TOKEN = "tok-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static LiveAgent live;

    @BeforeAll
    static void start() throws Exception {
        live = new LiveAgent(dir, LiveAgent.BUNDLE, "ctl-1", null, TOKEN);
        assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.agent.traces().count() >= 1)).isTrue();
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    private static HttpResponse<String> post(String action, String... headers) throws Exception {
        var r = live.request("/api/control/" + action).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            r.headers(headers);
        }
        return live.send(r);
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return LiveAgent.JSON.readTree(r.body()).get("error").asText();
    }

    @Test
    void listsTheActionsWithoutTheToken() throws Exception {
        var r = live.get("/api/control");
        JsonNode body = LiveAgent.JSON.readTree(r.body());
        assertThat(body.get("enabled").asBoolean()).isTrue();
        List<String> names = new ArrayList<>();
        body.get("actions").forEach(a -> names.add(a.get("name").asText()));
        assertThat(names).containsExactly("capture_now", "relearn_background");
        assertThat(r.body()).doesNotContain(TOKEN);
    }

    @Test
    void withoutTheRightBearerTokenNothingHappens() throws Exception {
        long before = live.agent.traces().count();
        for (var r : List.of(post("capture_now"), post("capture_now", "Authorization", "Bearer wrong-token-123456"),
                post("capture_now", "Authorization", TOKEN), // no scheme
                post("capture_now", "Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)),
                post("capture_now", "Authorization", "Basic " + TOKEN))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("www-authenticate")).contains("Bearer");
            assertThat(error(r)).contains("bearer token").doesNotContain(TOKEN);
        }
        assertThat(live.get("/api/events").body()).contains("control_refused").doesNotContain(TOKEN);
        // no manual decision was made: every trace since has a parcel number
        assertThat(live.agent.traces().recent(1000).stream().filter(t -> t.parcelSeq() == null)).isEmpty();
        assertThat(live.agent.traces().count()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void cookiesAndFormPostsAreRefusedEvenWithTheRightToken() throws Exception {
        String auth = "Bearer " + TOKEN;
        var cookie = post("capture_now", "Authorization", auth, "Cookie", "session=abc");
        assertThat(cookie.statusCode()).isEqualTo(403);
        assertThat(error(cookie)).contains("cookies");
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain")) {
            var form = live.send(live.request("/api/control/capture_now").header("Authorization", auth)
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("action=capture_now")));
            assertThat(form.statusCode()).as(type).isEqualTo(415);
            assertThat(error(form)).contains("form posts are not accepted");
        }
        assertThat(live.agent.traces().recent(1000).stream().filter(t -> t.parcelSeq() == null)).isEmpty();
    }

    @Test
    void onlyPostActsAndUnknownActionsAre404() throws Exception {
        var get = live.get("/api/control/capture_now");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).contains("POST");
        var put = live.send(live.request("/api/control/capture_now").header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(put.statusCode()).isEqualTo(405);
        var unknown = post("reboot", "Authorization", "Bearer " + TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).contains("reboot");
    }

    @Test
    void captureNowDecidesTheNextFrameAndLogsIt() throws Exception {
        var r = post("capture_now", "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String result = LiveAgent.JSON.readTree(r.body()).get("result").asText();
        assertThat(result).contains("decided by hand: trace ");
        String traceId = result.replaceAll(".*trace ([0-9a-f-]{36}).*", "$1");
        JsonNode trace = live.json("/api/traces/" + traceId);
        assertThat(trace.get("parcel_seq").isNull()).isTrue();
        assertThat(live.json("/api/traces/" + traceId + "/explain").get("matches").asBoolean()).isTrue();
        JsonNode events = live.json("/api/events").get("events");
        List<String> messages = new ArrayList<>();
        events.forEach(e -> messages.add(e.get("kind").asText() + ": " + e.get("message").asText()));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("control: capture_now: ").contains(traceId));
    }

    @Test
    void relearnBackgroundLearnsTheNextFrame() throws Exception {
        var r = post("relearn_background", "Authorization", "Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(LiveAgent.JSON.readTree(r.body()).get("result").asText())
                .startsWith("learned the empty station from frame ");
        assertThat(live.get("/api/events").body()).contains("relearn_background: learned the empty station");
        String metrics = live.get("/metrics").body();
        assertThat(metrics).contains("intake_control_actions_total{action=\"relearn_background\",outcome=\"done\"}")
                .doesNotContain(TOKEN);
        assertThat(live.get("/api/status").body()).doesNotContain(TOKEN);
    }
}
