package io.intakeedge.workbench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.DeliverySettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole station (live synthetic scene, demo bundle, sync, delivery and the bundle lifecycle on the machine's
 * mosquitto) receives a pushed archive while it keeps deciding: {@code /api/status} shows the finished download, the
 * lifecycle takes the archive into shadow, the event timeline records both, and {@code fleet status} reads the same
 * from the retained topics.
 */
class StationDeliveryTest {
    private static final Path DEMO = Path.of("..", "bundles", "demo");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static StationAgent station(Path dir, String site, String device, Path trust) throws Exception {
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 21L, 0, "presentation", null);
        var sync = new StationConfig.SyncSettings(true, DeliveryRig.BROKER, null, null, false, 16, false);
        var config = new StationConfig(site, device, "dock-1",
                io.intakeedge.profiles.ProfileRequest.of("generic-linux-x86_64"), camera, DEMO, dir.resolve("data"),
                new StationConfig.HttpConfig("127.0.0.1", 0), sync, null,
                new BundleSettings(List.of(trust), List.of(trust), null, null, null),
                new DeliverySettings(true, List.of("line-1"), null, null, null));
        return new StationAgent(config);
    }

    @Test
    void aRunningStationDownloadsAPushedArchiveAndHandsItToTheLifecycle() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        Path archive = DeliveryRig.signedDemo(dir, 2, 0, keys.privateKey());
        try (DeliveryRig rig = new DeliveryRig(dir)) {
            rig.startServer();
            try (StationAgent agent = station(dir, rig.site, "s1", keys.publicKey())) {
                int port = agent.start();
                long before = agent.decisions().decisions();
                try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
                    new Fleet(c, Optional.of(keys.privateKey())).waitMs(300).push(archive,
                            JobTarget.group(rig.site, "line-1"), OptionalInt.empty(), Optional.of("r-live"),
                            rig.store);
                }
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> "shadow".equals(
                        status(port).path("bundle").path("lifecycle").path("state").asText())))
                        .as("%s", status(port)).isTrue();
                assertThat(status(port).path("bundle").path("lifecycle").path("rollout_id").asText()).isEqualTo("r-live");
                JsonNode d = status(port).path("bundle_delivery");
                assertThat(d.path("connected").asBoolean()).isTrue();
                assertThat(d.path("state").path("state").asText()).isEqualTo("downloaded");
                assertThat(d.path("state").path("rollout_id").asText()).isEqualTo("r-live");
                assertThat(d.path("state").path("blocks_have").asInt()).isEqualTo(
                        d.path("state").path("blocks_total").asInt()).isPositive();
                JsonNode events = JSON.readTree(get(port, "/api/events?since=0"));
                assertThat(events.path("events").toString()).contains("bundle_delivery", "downloading",
                        "downloaded", "bundle shadow");
                // on a quiet machine download and shadow can finish before the scene's first parcel is decided
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> agent.decisions().decisions() > before))
                        .as("the station keeps deciding through the download and the shadow").isTrue();

                try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
                    List<StationRow> rows = new Fleet(c, Optional.empty()).waitMs(300).status(rig.site);
                    assertThat(rows).singleElement().satisfies(r -> {
                        assertThat(r.device()).isEqualTo("s1");
                        assertThat(r.link()).isEqualTo("online");
                        assertThat(r.state()).isEqualTo("shadow");
                        assertThat(r.rollout()).isEqualTo("r-live");
                        assertThat(r.progress()).startsWith("100%");
                        assertThat(r.activeBundle()).contains("parcel-damage-demo");
                    });
                }
            }
        }
    }

    static JsonNode status(int port) throws Exception {
        return JSON.readTree(get(port, "/api/status"));
    }

    static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
