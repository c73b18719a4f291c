package io.intakeedge.agent.status;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.intakeedge.agent.config.StationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A station syncing to the machine's mosquitto (127.0.0.1:1883) with a username and password: the password appears
 * in no log line (every logger at DEBUG), in no status, event, metrics or trace answer. Nor is the control token,
 * after a control action was done with it and one was refused with a near miss of it.
 */
class SecretsNotShownTest {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String CONTROL_TOKEN = "ct-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @Test
    void thePasswordIsInNoLogLineAndNoHttpAnswer() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("io.intakeedge");
        Level rootLevel = root.getLevel();
        Level ourLevel = ours.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        ours.setLevel(Level.DEBUG);
        String device = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        var sync = new StationConfig.SyncSettings(true, "tcp://127.0.0.1:1883", "station-" + device, PASSWORD,
                false, 16, false);
        List<String> answers;
        try (LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE, device, sync, CONTROL_TOKEN)) {
            assertThat(LiveAgent.await(Duration.ofSeconds(60), () -> live.agent.traces().count() >= 3
                    && live.agent.status().sync() instanceof io.intakeedge.sync.mqtt.SyncStatus s
                    && s.connected() && s.acked() >= 3)).as("decisions synced within 60 s").isTrue();
            var done = live.send(live.request("/api/control/capture_now").header("Authorization", "Bearer "
                    + CONTROL_TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            var refused = live.send(live.request("/api/control/capture_now").header("Authorization", "Bearer "
                    + CONTROL_TOKEN + "x").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(refused.statusCode()).isEqualTo(401);
            answers = List.of(done.body(), refused.body(), live.get("/api/control").body(),
                    live.get("/").body(), live.get("/api/status").body(), live.get("/api/events").body(),
                    live.get("/metrics").body(), live.get("/api/traces").body(), live.get("/readyz").body(),
                    live.get("/healthz").body(), String.valueOf(live.agent.status()));
            assertThat(answers.get(4)).contains("tcp://127.0.0.1:1883").contains("\"connected\":true");
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            ours.setLevel(ourLevel);
        }
        List<String> lines = captured.list.stream().map(SecretsNotShownTest::render).toList();
        // the capture works: the station logged while it ran, the user name among it
        assertThat(lines).hasSizeGreaterThan(20);
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(PASSWORD).doesNotContain(CONTROL_TOKEN));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("control action capture_now done"));
        assertThat(String.valueOf(sync)).contains("station-" + device).doesNotContain(PASSWORD);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(PASSWORD).doesNotContain(CONTROL_TOKEN));
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }
}
