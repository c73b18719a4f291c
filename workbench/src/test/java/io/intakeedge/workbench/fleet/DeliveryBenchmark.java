package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.config.DeliverySettings;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push-to-downloaded time of a signed ~5 MB archive through the whole delivery path (fleet push: store, block hashes,
 * retained job; the station: job, block requests, blocks, H2 progress, whole-file hash) against {@code mosquitto_pub
 * -f} of the same bytes to a {@code mosquitto_sub}, on the machine's mosquitto, in one run: at the station's default
 * pace ({@code delivery.max_kib_per_s}) and unpaced, interleaved. Run with
 * {@code mvn -B -o -pl workbench -am test -Dtest=DeliveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgroups=benchmark -DexcludedGroups=none}; the figures go to BENCHMARKS.md.
 */
@Tag("benchmark")
class DeliveryBenchmark {
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    @Test
    void pushToDownloadedAgainstMosquittoPub() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(dir.resolve("keys"));
        Path archive = DeliveryRig.signedDemo(dir, 2, 5 * 1024 * 1024, keys.privateKey());
        long size = Files.size(archive);
        BundleDelivery.Settings paced = new BundleDelivery.Settings(64, 16, Duration.ofSeconds(5), Optional.empty(),
                DeliverySettings.DEFAULT_MAX_KIB_PER_S);
        List<Double> atDefault = new ArrayList<>();
        List<Double> unpaced = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        try (DeliveryRig rig = new DeliveryRig(dir)) {
            rig.startServer();
            for (int run = 0; run < RUNS; run++) { // interleaved, so a slow moment of the machine hits all three
                atDefault.add(push(rig, keys, archive, "bench" + run, paced));
                unpaced.add(push(rig, keys, archive, "bench" + run + "u", BundleDelivery.Settings.DEFAULTS));
                raw.add(mosquittoPub(archive, rig.site + "/raw" + run));
            }
        }
        double m = median(raw);
        System.out.printf("%nDELIVERY BENCHMARK archive %d bytes, %d runs%n", size, RUNS);
        System.out.printf("push-to-downloaded ms, station default pace (%d KiB/s): %s (median %.0f)%n",
                DeliverySettings.DEFAULT_MAX_KIB_PER_S, atDefault, median(atDefault));
        System.out.printf("push-to-downloaded ms, unpaced: %s (median %.0f)%n", unpaced, median(unpaced));
        System.out.printf("mosquitto_pub -f -> mosquitto_sub ms: %s (median %.0f)%n", raw, m);
        System.out.printf("ratio (delivery / mosquitto_pub): default pace %.2f, unpaced %.2f%n",
                median(atDefault) / m, median(unpaced) / m);
    }

    /** Milliseconds from `fleet push` until the station {@code device} has the whole archive. */
    private static double push(DeliveryRig rig, SigningKeys.Generated keys, Path archive, String device,
                               BundleDelivery.Settings settings) throws Exception {
        DeliveryRig.Station s = rig.station(device).start(Set.of(), Optional.empty(), settings);
        Thread.sleep(500); // connected and subscribed
        long t0 = System.nanoTime();
        try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
            new Fleet(c, Optional.of(keys.privateKey())).waitMs(0).push(archive, JobTarget.device(rig.site, device),
                    OptionalInt.empty(), Optional.of("bench-" + device), rig.store);
        }
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> s.offered.size() == 1)).isTrue();
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(s.offered.get(0)).hasSameBinaryContentAs(archive);
        s.close();
        return ms;
    }

    /** Milliseconds from starting {@code mosquitto_pub -f} until a subscribed {@code mosquitto_sub} got the bytes. */
    private double mosquittoPub(Path archive, String topicSuffix) throws Exception {
        String topic = "bench/" + topicSuffix;
        Path out = dir.resolve("sub.bin");
        Process sub = new ProcessBuilder("mosquitto_sub", "-V", "mqttv5", "-h", "127.0.0.1", "-t", topic, "-C", "1",
                "-N", "-q", "1").redirectOutput(out.toFile()).start();
        Thread.sleep(500); // subscribed
        long t0 = System.nanoTime();
        Process pub = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-t", topic, "-q", "1",
                "-f", archive.toString()).inheritIO().start();
        assertThat(sub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        double ms = (System.nanoTime() - t0) / 1e6;
        pub.waitFor(10, TimeUnit.SECONDS);
        assertThat(out).hasSameBinaryContentAs(archive);
        return ms;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
