package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.delivery.BlockHashes;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.BundleInbox;
import io.intakeedge.agent.bundle.delivery.BundleJob;
import io.intakeedge.agent.bundle.delivery.DownloadState;
import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobSignature;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.bundle.delivery.VerifyingInbox;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.collector.bundle.BlockServer;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.ArchiveBuilder;
import io.intakeedge.workbench.bundle.ArchiveSigner;
import io.intakeedge.workbench.bundle.SigningKeys;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Test rig for bundle delivery on the machine's mosquitto (127.0.0.1:1883, MQTT 5): a unique site per test, a block
 * server on a temporary archive store, and stations (real H2 files, the real downloader) that can be started,
 * stopped and started again on the same data directory.
 */
final class DeliveryRig implements AutoCloseable {
    static final String BROKER = "tcp://127.0.0.1:1883";
    private static final Path DEMO = Path.of("..", "bundles", "demo");

    final String site = "dlv" + HexFormat.of().formatHex(randomBytes(4));
    final Path dir;
    final ArchiveStore store;
    private final List<AutoCloseable> open = new ArrayList<>();
    private BlockServer server;

    DeliveryRig(Path dir) throws Exception {
        this.dir = dir;
        this.store = new ArchiveStore(dir.resolve("store"));
    }

    BlockServer startServer() throws Exception {
        server = BlockServer.start(BROKER, "blocks-" + site, store, new BlockServer.Settings("", 4096, 16));
        open.add(server);
        return server;
    }

    void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** A station whose offers are recorded; its inbox verifies signatures against {@code trust} when given. */
    final class Station implements AutoCloseable {
        final String device;
        final Path data;
        final List<Path> offered = new CopyOnWriteArrayList<>();
        final List<BundleJob> jobs = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        AgentDatabase db;
        BundleDelivery delivery;
        VerifyingInbox verifier;

        Station(String device) {
            this.device = device;
            this.data = dir.resolve("station-" + device);
        }

        Station start(Set<String> groups, Optional<Path> trust, BundleDelivery.Settings settings) throws Exception {
            db = AgentDatabase.open(data);
            new TraceStore(db);
            SyncConfig link = SyncConfig.builder(BROKER, site, device).build();
            delivery = new BundleDelivery(link, new BundleDelivery.Station(site, device, groups), settings,
                    new DownloadStore(db), Files.createDirectories(data.resolve("bundle-downloads")), null,
                    (severity, message) -> events.add(severity + " " + message));
            BundleInbox recording = (job, archive) -> {
                jobs.add(job);
                offered.add(archive);
            };
            if (trust.isPresent()) {
                verifier = new VerifyingInbox(TrustedKeys.of(List.of(trust.get())), ArchiveLimits.DEFAULTS,
                        data.resolve("verify"), delivery);
                delivery.inbox((job, archive) -> {
                    recording.offer(job, archive);
                    verifier.offer(job, archive);
                });
            } else {
                delivery.inbox(recording);
            }
            delivery.start();
            return this;
        }

        Station start() throws Exception {
            return start(Set.of(), Optional.empty(), BundleDelivery.Settings.DEFAULTS);
        }

        DownloadStore downloads() {
            return new DownloadStore(db);
        }

        String state() {
            return delivery.status().state().state();
        }

        DownloadState fullState() {
            return delivery.status().state();
        }

        @Override
        public void close() throws Exception {
            if (delivery != null) {
                delivery.close();
                delivery = null;
            }
            if (verifier != null) {
                verifier.close();
                verifier = null;
            }
            if (db != null) {
                db.close();
                db = null;
            }
        }
    }

    Station station(String device) {
        Station s = new Station(device);
        open.add(s);
        return s;
    }

    /** Random bytes stored as an archive; returns its job document for {@code target}. */
    JobDocument randomArchive(String rollout, JobTarget target, int size, int blockSize, long sequence)
            throws Exception {
        byte[] bytes = randomBytes(size);
        Path file = dir.resolve(rollout + ".bin");
        Files.write(file, bytes);
        String sha = store.put(file);
        BundleJob job = new BundleJob(rollout, "random", "1", sequence, sha, size, blockSize, target, false);
        return JobDocument.download(job, BlockHashes.of(bytes, blockSize), Instant.now());
    }

    /** Publishes a job document retained on {@code topic}, unsigned unless a key is given. */
    void publishJob(String topic, JobDocument doc, Optional<Path> key) throws Exception {
        try (FleetClient c = FleetClient.connect(BROKER, null, null)) {
            MqttProperties p = new MqttProperties();
            byte[] payload = doc.toBytes();
            if (key.isPresent()) {
                var pk = SigningKeys.readPrivate(key.get());
                JobSignature.attach(p, SigningKeys.sign(pk, payload), "test");
            }
            c.publishRetained(topic, payload, p);
        }
    }

    /** Waits (up to 120 s) until each device's retained download state, naming {@code group}, is on the broker. */
    void awaitReported(String group, List<String> devices) throws Exception {
        try (FleetClient c = FleetClient.connect(BROKER, null, null)) {
            Fleet reader = new Fleet(c, Optional.empty()).waitMs(300);
            if (!Eventually.await(Duration.ofSeconds(120), () -> reader.downloads(site).values().stream()
                    .filter(s -> s.groups() != null && s.groups().contains(group))
                    .map(DownloadState::device).toList().containsAll(devices))) {
                throw new AssertionError(devices + " did not all report group " + group + ": "
                        + reader.downloads(site).values());
            }
        }
    }

    /** Clears every retained message this rig's site left on the broker. */
    void clearRetained() throws Exception {
        try (FleetClient c = FleetClient.connect(BROKER, null, null)) {
            Map<String, FleetClient.Retained> all = c.retained(500, "intake/v1/" + site + "/#");
            for (String topic : all.keySet()) {
                c.clear(topic);
            }
        }
    }

    /** The demo bundle with another sequence (and optional padding), built, and signed with {@code key}. */
    static Path signedDemo(Path work, int sequence, int paddingBytes, Path key) throws Exception {
        Path bundle = demoCopy(work, sequence, paddingBytes);
        Path out = work.resolve("demo-" + sequence + "-" + paddingBytes + ".tar");
        ArchiveBuilder.build(bundle, out, new RuntimeOptions(1, false));
        ArchiveSigner.sign(out, key);
        return out;
    }

    /** A copy of the demo bundle directory with another sequence (and optional padding), as stations accept it. */
    static Path demoCopy(Path work, int sequence, int paddingBytes) throws Exception {
        Path bundle = work.resolve("bundle-" + sequence + "-" + paddingBytes);
        try (Stream<Path> walk = Files.walk(DEMO)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = bundle.resolve(DEMO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path release = bundle.resolve("release.yaml");
        // the profile id stations report today beside the deprecated alias the demo bundle names
        Files.writeString(release, Files.readString(release).replaceFirst("sequence: 1", "sequence: " + sequence)
                .replace("device_profiles: [", "device_profiles: [generic-linux-x86_64, "));
        if (paddingBytes > 0) {
            Files.write(bundle.resolve("padding.bin"), randomBytes(paddingBytes));
        }
        return bundle;
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static String deviceJob(DeliveryRig rig, String device) {
        return BundleTopics.deviceJob(rig.site, device);
    }

    static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // best effort: the next resource still gets closed
            }
        }
        clearRetained();
    }
}
