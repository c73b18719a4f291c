package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.agent.cli.CommandRun;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.workbench.bundle.SigningKeys;
import io.intakeedge.workbench.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's rollouts through {@code ./intake-edge fleet ...} on the machine's mosquitto, with real signed demo
 * archives, a real block server and real stations (H2 files, the downloader, the default verifying inbox): a device,
 * a group, a site; a station that was offline at push time; a job for another device; status, cancel, clean.
 */
class FleetPushTest {
    @TempDir
    static Path shared;
    static Path key;
    static Path pub;
    static Path seq1;
    static Path seq2;
    static Path seq3;

    @TempDir
    Path dir;
    DeliveryRig rig;

    @BeforeAll
    static void archives() throws Exception {
        SigningKeys.Generated keys = SigningKeys.generate(shared.resolve("keys"));
        key = keys.privateKey();
        pub = keys.publicKey();
        seq1 = DeliveryRig.signedDemo(shared, 1, 0, key);
        seq2 = DeliveryRig.signedDemo(shared, 2, 0, key);
        seq3 = DeliveryRig.signedDemo(shared, 3, 0, key);
    }

    @BeforeEach
    void rig() throws Exception {
        rig = new DeliveryRig(dir);
        rig.startServer();
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private DeliveryRig.Station station(String device, String... groups) throws Exception {
        return rig.station(device).start(Set.of(groups), Optional.of(pub), BundleDelivery.Settings.DEFAULTS);
    }

    private CommandRun fleet(Object... args) {
        List<Object> all = new java.util.ArrayList<>(List.of("fleet", args[0], "--wait-ms", "300"));
        all.addAll(List.of(args).subList(1, args.length));
        return CommandRun.of(new Main(), all.toArray());
    }

    private CommandRun push(String target, Path archive, String rollout) {
        return fleet("push", "--target", target, archive, "--rollout", rollout, "--store", rig.store.dir(), "--key",
                key);
    }

    private static boolean await(DeliveryRig.Station s, String state) throws Exception {
        return Eventually.await(Duration.ofSeconds(120), () -> state.equals(s.state()));
    }

    @Test
    void pushToADeviceThenAGroupThenTheWholeSite() throws Exception {
        DeliveryRig.Station a = station("a", "dock");
        DeliveryRig.Station b = station("b", "dock");
        DeliveryRig.Station c = station("c");

        CommandRun one = push(rig.site + "/a", seq1, "r1");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("rollout r1", "blocks of 130048 bytes");
        assertThat(await(a, "verified")).as("a: %s", a.fullState()).isTrue();
        assertThat(a.fullState().reason()).startsWith("signed by ");
        assertThat(a.jobs).extracting(j -> j.sequence()).containsExactly(1L);

        CommandRun two = push(rig.site + "/group/dock", seq2, "r2");
        assertThat(two.exitCode()).as(two.toString()).isZero();
        assertThat(await(b, "verified")).as("b: %s", b.fullState()).isTrue();
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.jobs.size() == 2)).isTrue();

        CommandRun three = push(rig.site, seq3, "r3");
        assertThat(three.exitCode()).as(three.toString()).isZero();
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.jobs.size() == 3 && b.jobs.size() == 2
                && c.jobs.size() == 1)).as("a %s b %s c %s", a.jobs, b.jobs, c.jobs).isTrue();
        assertThat(c.jobs).extracting(j -> j.rolloutId()).containsExactly("r3");
        assertThat(b.jobs).extracting(j -> j.rolloutId()).containsExactly("r2", "r3");
        for (DeliveryRig.Station s : List.of(a, b, c)) {
            assertThat(await(s, "verified")).as(s.device).isTrue();
            Path last = s.offered.get(s.offered.size() - 1);
            assertThat(Files.readAllBytes(last)).isEqualTo(Files.readAllBytes(seq3));
        }

        CommandRun status = fleet("status", "--site", rig.site);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains(rig.site, " a ", " b ", " c ", "verified", "r3", "100% (");
    }

    @Test
    void aCanaryPushReachesOnlyTheFirstShareOfTheGroup() throws Exception {
        DeliveryRig.Station a = station("a", "g1");
        DeliveryRig.Station b = station("b", "g1");
        DeliveryRig.Station c = station("c", "g1");
        DeliveryRig.Station other = station("d", "g2");
        rig.awaitReported("g1", List.of("a", "b", "c")); // canaries are picked among stations that reported
        CommandRun push = fleet("push", "--target", rig.site + "/group/g1", seq1, "--rollout", "r-can", "--store",
                rig.store.dir(), "--key", key, "--canary", "34%");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        assertThat(push.out()).contains("canaries [a, b] first");
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.jobs.size() == 1 && b.jobs.size() == 1))
                .isTrue();
        assertThat(a.jobs.get(0).canary()).isTrue();
        Thread.sleep(500);
        assertThat(c.jobs).isEmpty();
        assertThat(other.jobs).isEmpty();
        try (FleetClient client = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
            RolloutDocument r = new Fleet(client, Optional.empty()).waitMs(300).rollout(rig.site, "r-can");
            assertThat(r.canaryDevices()).containsExactly("a", "b");
            assertThat(r.canaryPercent()).isEqualTo(34);
            assertThat(r.job().jobTarget()).isEqualTo(JobTarget.group(rig.site, "g1"));
        }
    }

    @Test
    void aStationOfflineAtPushTimeFetchesTheJobWhenItStarts() throws Exception {
        CommandRun push = push(rig.site + "/late", seq1, "r-offline");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        Thread.sleep(300);
        DeliveryRig.Station late = station("late");
        assertThat(await(late, "verified")).as("%s", late.fullState()).isTrue();
        assertThat(late.jobs).extracting(j -> j.rolloutId()).containsExactly("r-offline");
    }

    @Test
    void aJobForAnotherDeviceIsIgnoredAndCounted() throws Exception {
        DeliveryRig.Station a = station("a");
        // a job naming station x, published where a listens (a misrouted or forged job)
        JobDocument forX = rig.randomArchive("r-x", JobTarget.device(rig.site, "x"), 50_000, 16_384, 5);
        rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), forX, Optional.of(key));
        assertThat(Eventually.await(Duration.ofSeconds(120),
                () -> a.delivery.status().jobsIgnored().getOrDefault("other_device", 0L) == 1)).isTrue();
        assertThat(a.fullState().lastRefusal()).contains("other_device", rig.site + "/x");
        Thread.sleep(500);
        assertThat(a.jobs).isEmpty();
        assertThat(a.downloads().find(forX.sha256())).isEmpty();
    }

    @Test
    void cancelStopsADownloadAndCleanRemovesTheRetainedDocuments() throws Exception {
        rig.stopServer(); // nobody serves blocks: the download stays in progress until the cancel
        DeliveryRig.Station a = rig.station("a").start(Set.of(), Optional.of(pub), withOperatorKey());
        CommandRun push = push(rig.site + "/a", seq1, "r-c");
        assertThat(push.exitCode()).as(push.toString()).isZero();
        String sha = push.out().replaceAll("(?s).*sha256 ([0-9a-f]{64}).*", "$1");
        assertThat(await(a, "downloading")).isTrue();
        Path part = a.data.resolve("bundle-downloads").resolve(sha + ".part");
        assertThat(part).exists();

        CommandRun unsignedCancel = fleet("cancel", "r-c", "--site", rig.site);
        assertThat(unsignedCancel.exitCode()).isEqualTo(2);
        assertThat(unsignedCancel.err()).contains("must be signed");

        CommandRun cancel = fleet("cancel", "r-c", "--site", rig.site, "--key", key);
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(await(a, "cancelled")).as("%s", a.fullState()).isTrue();
        assertThat(part).doesNotExist();
        assertThat(a.downloads().find(sha).orElseThrow().state()).isEqualTo("cancelled");
        assertThat(a.jobs).isEmpty();

        CommandRun clean = fleet("clean", "r-c", "--site", rig.site, "--store", rig.store.dir());
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains(BundleTopics.deviceJob(rig.site, "a"), BundleTopics.rollout(rig.site, "r-c"));
        try (FleetClient c = FleetClient.connect(DeliveryRig.BROKER, null, null)) {
            assertThat(c.retained(300, BundleTopics.deviceJob(rig.site, "a"), BundleTopics.rollouts(rig.site)))
                    .isEmpty();
        }
        assertThat(rig.store.find(sha)).isEmpty();
    }

    @Test
    void aStationWithOperatorKeysRefusesUnsignedAndForeignSignedJobs() throws Exception {
        DeliveryRig.Station a = rig.station("a").start(Set.of(), Optional.of(pub), withOperatorKey());
        JobDocument job = rig.randomArchive("r-u", JobTarget.device(rig.site, "a"), 40_000, 16_384, 4);
        rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.empty());
        assertThat(Eventually.await(Duration.ofSeconds(120),
                () -> a.delivery.status().jobsIgnored().getOrDefault("unsigned", 0L) == 1)).isTrue();
        Path otherKey = SigningKeys.generate(dir.resolve("other")).privateKey();
        rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.of(otherKey));
        assertThat(Eventually.await(Duration.ofSeconds(120),
                () -> a.delivery.status().jobsIgnored().getOrDefault("bad_signature", 0L) == 1)).isTrue();
        assertThat(a.downloads().find(job.sha256())).isEmpty();

        rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.of(key));
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.offered.size() == 1)).as("%s", a.fullState())
                .isTrue();
        assertThat(Files.readAllBytes(a.offered.get(0))).hasSize(40_000);
    }

    private static BundleDelivery.Settings withOperatorKey() throws Exception {
        return new BundleDelivery.Settings(64, 16, Duration.ofSeconds(5),
                Optional.of(TrustedKeys.of(List.of(pub))));
    }
}
