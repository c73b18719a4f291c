package io.intakeedge.agent.config;

import io.intakeedge.capture.presentation.PresentationTrigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.Topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StationConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("station.yaml"), yaml);
    }

    @Test
    void readsTheExampleShippedInDocs() {
        StationConfig c = StationConfigLoader.load(Path.of("..", "docs", "station.example.yaml"));
        assertThat(c.device()).isEqualTo("station-07");
        assertThat(c.camera().source()).isEqualTo("video");
        assertThat(c.sync().enabled()).isTrue();
        assertThat(c.sync().outboxBudgetMb()).isEqualTo(256);
        // the example documents the trigger defaults: it must say what the code does
        assertThat(c.camera().trigger().settings()).isEqualTo(PresentationTrigger.Settings.DEFAULTS);
        assertThat(c.retention()).isEqualTo(RetentionSettings.DEFAULT);
    }

    @Test
    void retentionKeepsThirtyDaysByDefaultAndRefusesANonsenseAge() throws IOException {
        String base = """
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                """;
        assertThat(StationConfigLoader.load(write(base)).retention().maxAge()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(StationConfigLoader.load(write(base + "retention: {max_age_days: 7, max_traces: 1000}\n"))
                .retention()).isEqualTo(new RetentionSettings(7, 1000L));
        assertThatThrownBy(() -> StationConfigLoader.load(write(base + "retention: {max_age_days: 0}\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_age_days must be >= 1");
    }

    @Test
    void controlTokenIsReadButNeverRepeated() throws IOException {
        String token = "0123456789abcdef-token";
        StationConfig c = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                http: {port: 9000, control_token: %s}
                """.formatted(token)));
        assertThat(c.http().controlToken()).isEqualTo(token);
        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.toString()).doesNotContain(token);
        assertThatThrownBy(() -> StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                http: {control_token: hunter2}
                """))).hasMessageContaining("http.control_token").hasMessageNotContaining("hunter2");
        assertThat(StationConfigLoader.load(Path.of("..", "docs", "station.example.yaml")).http().controlToken())
                .as("the example leaves control off").isNull();
    }

    @Test
    void triggerTimingsAreMillisecondsAndAnUnknownKeyIsRefused() throws IOException {
        StationConfig c = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: synthetic, trigger: {still_ms: 250, settle_timeout_ms: 4000}}
                bundle: b
                """));
        var t = c.camera().trigger().settings();
        assertThat(t.still()).isEqualTo(Duration.ofMillis(250));
        assertThat(t.settleTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(t.burst()).isEqualTo(PresentationTrigger.Settings.DEFAULTS.burst());
        assertThatThrownBy(() -> StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: synthetic, trigger: {still_frames: 3}}
                bundle: b
                """))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("still_frames");
    }

    @Test
    void resolvesRelativePathsAgainstTheConfigFileAndFillsDefaults() throws IOException {
        StationConfig c = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox}
                bundle: bundles/b
                """));
        assertThat(c.camera().path()).isEqualTo(dir.resolve("inbox"));
        assertThat(c.bundle()).isEqualTo(dir.resolve("bundles/b"));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.station()).isEqualTo("d1");
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.sync().enabled()).isFalse();
        assertThat(c.camera().locator()).as("a hot folder holds stills: the photo is the parcel")
                .isEqualTo("full_frame");
    }

    @Test
    void theHotFolderPixelLimitDefaultsTo4096SquaredAndIsConfigurable() throws IOException {
        StationConfig defaults = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox}
                bundle: b
                """));
        assertThat(defaults.camera().imageLimits().maxPixels()).isEqualTo(4096L * 4096);
        StationConfig small = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox, max_pixels: 2000000}
                bundle: b
                """));
        assertThat(small.camera().imageLimits().maxPixels()).isEqualTo(2_000_000L);
        Path wrong = write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox, max_pixels: 10}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camera.max_pixels").hasMessageContaining("10");
    }

    @Test
    void theParcelLocatorIsChosenPerCameraWithTheSourcesDefault() throws IOException {
        StationConfig video = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: video, path: a.avi}
                bundle: b
                """));
        assertThat(video.camera().locator()).isEqualTo("background");
        StationConfig fixedFolder = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox, locator: background}
                bundle: b
                """));
        assertThat(fixedFolder.camera().locator()).isEqualTo("background");
        Path wrong = write("""
                site: s1
                device: d1
                camera: {source: synthetic, locator: yolo}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camera.locator").hasMessageContaining("yolo");
    }

    @Test
    void rejectsTopicBreakingIdsWithTheFieldName() throws IOException {
        Path file = write("""
                site: s1
                device: "dock/7"
                camera: {source: synthetic}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device");
    }

    @Test
    void aDotInTheSiteIsRefusedAtLoadTimeAsTheTopicWouldRefuseIt() throws IOException {
        // "dock.a" once loaded here and failed only when the first MQTT topic was built
        Path file = write("""
                site: dock.a
                device: d1
                camera: {source: synthetic}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site")
                .hasMessageContaining("[A-Za-z0-9_-]").hasMessageContaining("'dock.a'");
        assertThatThrownBy(() -> new Topic("dock.a", "d1", Channel.TRACES)).hasMessageContaining("dock.a");
    }

    @Test
    void rejectsUnknownKeysSoTyposAreNotSilentlyIgnored() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                sync: {enabled: false, broker: "tcp://x:1883", gzipp: true}
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gzipp");
    }

    @Test
    void syncTlsTakesPemPathsRelativeToTheFileAndVerifiesHostnamesByDefault() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                sync:
                  enabled: true
                  broker: "ssl://127.0.0.1:8883"
                  tls: {ca_file: certs/ca.pem, cert_file: certs/me.pem, key_file: certs/me.key}
                """);
        StationConfig.TlsSettings tls = StationConfigLoader.load(file).sync().tls();
        assertThat(tls.caFile()).isEqualTo(file.getParent().resolve("certs/ca.pem"));
        assertThat(tls.keyFile()).isEqualTo(file.getParent().resolve("certs/me.key"));
        assertThat(tls.verifyHostname()).isTrue();
        Path off = write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                sync: {enabled: true, broker: "ssl://h:8883", tls: {ca_file: ca.pem, verify_hostname: false}}
                """);
        assertThat(StationConfigLoader.load(off).sync().tls().verifyHostname()).isFalse();
    }

    @Test
    void credentialsInTheBrokerUriAreRefusedWithoutRepeatingThem() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                sync: {enabled: true, broker: "tcp://agent:hunter2-secret@127.0.0.1:1883"}
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sync.broker").hasMessageContaining("must not carry credentials")
                .hasMessageContaining("sync.username")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2-secret");
                    }
                });
    }

    @Test
    void sourcesThatReadFilesNeedAPath() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: video}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("camera.path");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> StationConfigLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.yaml");
    }
}
