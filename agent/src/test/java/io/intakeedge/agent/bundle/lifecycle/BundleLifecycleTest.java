package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine on real frames: the shipped demo bundle decides synthetic conveyor frames through the real
 * pipeline while candidates arrive as signed archives; traces show which bundle (model sha256, threshold) decided.
 */
class BundleLifecycleTest {
    /** Limits the demo scene meets; route mix off (1.0): the scene's phases make short windows differ. */
    private static final HealthPolicy RELAXED = new HealthPolicy(30, Duration.ofMinutes(5), 10, 0.05, 0.6, 60_000,
            0.1, 1.0);

    @TempDir
    Path tmp;

    private KeyPair key;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @BeforeEach
    void keys() throws Exception {
        key = ArchiveFixtures.keyPair();
    }

    @Test
    void shadowThenSignedPromoteActivatesBetweenFramesAndCommits() throws Exception {
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            rig.frames(5);
            Path archive = Candidates.archive(tmp, key, "1.1.0", 2, "0.65", true);

            StateReport offered = rig.lifecycle.offer(archive, new BundleLifecycle.Job("job-1", 0))
                    .get(2, TimeUnit.MINUTES);
            assertThat(offered.state()).as(offered.summary()).isEqualTo(LifecycleState.SHADOW);
            assertThat(rig.states).extracting(StateReport::state).startsWith(LifecycleState.RECEIVED,
                    LifecycleState.VERIFYING, LifecycleState.VALIDATING, LifecycleState.SHADOW);

            assertThat(rig.framesUntil(() -> rig.tap.current().compared() >= 20, 400)).isTrue();
            // routing still used the active bundle while the candidate scored beside it
            assertThat(rig.traces).allSatisfy(t -> assertThat(t.bundle().version()).isEqualTo("1.0.0"));
            ShadowStats shadow = rig.tap.current();
            assertThat(shadow.candidate()).isEqualTo("parcel-damage-demo@1.1.0");
            assertThat(shadow.agreement()).isBetween(0.5, 1.0);

            int before = rig.traces.size();
            StateReport promoted = rig.lifecycle.command(rig.command("promote", "parcel-damage-demo@1.1.0", null))
                    .get(1, TimeUnit.MINUTES);
            assertThat(promoted.state()).as(promoted.summary()).isEqualTo(LifecycleState.WATCHING);
            assertThat(promoted.shadow().compared()).isGreaterThanOrEqualTo(20);

            assertThat(rig.framesUntil(() -> rig.reached(LifecycleState.COMMITTED), 400)).isTrue();
            List<Trace> after = rig.traces.subList(before, rig.traces.size());
            assertThat(after).isNotEmpty().allSatisfy(t -> {
                assertThat(t.bundle().version()).isEqualTo("1.1.0");
                assertThat(t.threshold()).isEqualTo(0.65);
            });
            assertThat(rig.store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@1.1.0");
            assertThat(rig.store.previous()).extracting(BundleStore.Stored::name)
                    .containsExactly("parcel-damage-demo@1.0.0");
            assertThat(rig.framesIn.get()).isEqualTo(rig.traces.size()); // no frame lost across the switch

            try (var c = rig.db.connect(); var q = c.createStatement().executeQuery("SELECT candidate, "
                    + "active_bundle, compared, agreed, outcome, stats_json FROM agent_bundle_shadow")) {
                assertThat(q.next()).isTrue();
                assertThat(q.getString(1)).isEqualTo("parcel-damage-demo@1.1.0");
                assertThat(q.getString(2)).isEqualTo("parcel-damage-demo@1.0.0");
                assertThat(q.getLong(3)).isEqualTo(promoted.shadow().compared());
                assertThat(q.getLong(4)).isEqualTo(promoted.shadow().agreed());
                assertThat(q.getString(5)).isEqualTo("promoted");
                assertThat(q.getString(6)).contains("\"candidate_routes\"");
                assertThat(q.next()).isFalse();
            }
        }
    }

    @Test
    void healthFailureRollsBackModelAndThresholdsTogether() throws Exception {
        HealthPolicy tightBudget = new HealthPolicy(50, Duration.ofMinutes(5), 8, 0.05, 0.6, 0, 0.1, 1.0);
        try (LifecycleRig rig = new LifecycleRig(tmp, key, tightBudget)) {
            rig.frames(10);
            Trace before = rig.traces.get(rig.traces.size() - 1);
            Path archive = Candidates.archive(tmp, key, "1.1.0", 2, "0.65", true);
            assertThat(rig.lifecycle.offer(archive, new BundleLifecycle.Job("job-2", 10)).get(2, TimeUnit.MINUTES)
                    .state()).isEqualTo(LifecycleState.SHADOW);

            // automatic promote after 10 shadow comparisons, then the 0 ms budget fails the health watch
            assertThat(rig.framesUntil(() -> rig.reached(LifecycleState.ROLLED_BACK), 600)).isTrue();
            StateReport rolledBack = rig.states.stream().filter(s -> s.state() == LifecycleState.ROLLED_BACK)
                    .findFirst().orElseThrow();
            assertThat(rolledBack.stage()).isEqualTo("health");
            assertThat(rolledBack.reason()).isEqualTo("latency_budget");
            assertThat(rolledBack.active()).isEqualTo("parcel-damage-demo@1.0.0");

            Trace during = rig.traces.stream().filter(t -> t.bundle().version().equals("1.1.0")).findFirst()
                    .orElseThrow();
            rig.frames(5);
            Trace after = rig.traces.get(rig.traces.size() - 1);
            // the whole bundle came back: model and thresholds, not weights alone
            assertThat(during.bundle().modelSha256()).isNotEqualTo(before.bundle().modelSha256());
            assertThat(during.threshold()).isEqualTo(0.65);
            assertThat(after.bundle()).isEqualTo(before.bundle());
            assertThat(after.threshold()).isEqualTo(before.threshold()).isEqualTo(0.70);
            assertThat(after.gateThresholds()).isEqualTo(before.gateThresholds());
            assertThat(rig.store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@1.0.0");
            assertThat(rig.framesIn.get()).isEqualTo(rig.traces.size());
        }
    }

    @Test
    void aLowerSequenceIsRefusedUntilASignedRollbackNamesIt() throws Exception {
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            // the configured demo bundle is sequence 1; offering sequence 1 again is not newer
            Path same = Candidates.archive(tmp, key, "0.9.0", 1, "0.70", false);
            StateReport refused = rig.lifecycle.offer(same, new BundleLifecycle.Job("job-3", 0))
                    .get(1, TimeUnit.MINUTES);
            assertThat(refused.state()).isEqualTo(LifecycleState.REJECTED);
            assertThat(refused.stage()).isEqualTo("downgrade");
            assertThat(refused.reason()).isEqualTo("downgrade");
            assertThat(refused.detail()).contains("sequence 1").contains("signed rollback");

            rig.lifecycle.command(rig.command("rollback", null, 1L)).get(1, TimeUnit.MINUTES);
            StateReport allowed = rig.lifecycle.offer(same, new BundleLifecycle.Job("job-4", 0))
                    .get(2, TimeUnit.MINUTES);
            assertThat(allowed.state()).as(allowed.summary()).isEqualTo(LifecycleState.SHADOW);
        }
    }

    @Test
    void aDowngradePermitOutlivesARestartOfTheStation() throws Exception {
        Path same = Candidates.archive(tmp, key, "0.9.0", 1, "0.70", false);
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            rig.lifecycle.command(rig.command("rollback", null, 1L)).get(1, TimeUnit.MINUTES);
        }
        try (LifecycleRig restarted = new LifecycleRig(tmp, key, RELAXED)) { // same store and H2 file
            StateReport allowed = restarted.lifecycle.offer(same, new BundleLifecycle.Job("job-5", 0))
                    .get(2, TimeUnit.MINUTES);
            assertThat(allowed.state()).as(allowed.summary()).isEqualTo(LifecycleState.SHADOW);
        }
    }

    @Test
    void badArchivesAreRefusedWithAReasonWhileTheActiveBundleKeepsDeciding() throws Exception {
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            Path unsigned = ArchiveFixtures.write(tmp.resolve("unsigned.tar"),
                    ArchiveFixtures.pack(ArchiveFixtures.DEMO));
            Path foreign = Candidates.archive(tmp.resolve("other"), ArchiveFixtures.keyPair(), "1.2.0", 3, "0.70",
                    false);
            Path truncated = tmp.resolve("cut.tar");
            byte[] whole = Files.readAllBytes(Candidates.archive(tmp, key, "1.3.0", 4, "0.70", false));
            Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

            var a = rig.lifecycle.offer(unsigned, new BundleLifecycle.Job("j-unsigned", 0));
            rig.frames(3);
            var b = rig.lifecycle.offer(foreign, new BundleLifecycle.Job("j-foreign", 0));
            rig.frames(3);
            var c = rig.lifecycle.offer(truncated, new BundleLifecycle.Job("j-cut", 0));
            rig.frames(3);

            assertThat(List.of(a.get(1, TimeUnit.MINUTES), b.get(1, TimeUnit.MINUTES), c.get(1, TimeUnit.MINUTES)))
                    .allSatisfy(s -> assertThat(s.state()).isEqualTo(LifecycleState.REJECTED))
                    .extracting(StateReport::reason).containsExactly("unsigned", "unknown_signer", "truncated_archive");
            assertThat(rig.traces).hasSize(9).allSatisfy(t -> assertThat(t.bundle().version()).isEqualTo("1.0.0"));
            try (var slots = Files.list(rig.root.resolve("bundles/slots"))) {
                assertThat(slots.toList()).isEmpty(); // nothing half-installed stays behind
            }
        }
    }

    @Test
    void aDownloadedArchiveHandedToTheInboxGoesIntoShadowUnderItsRolloutId() throws Exception {
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            Path archive = Candidates.archive(tmp, key, "1.1.0", 2, "0.70", false);
            var job = new io.intakeedge.agent.bundle.delivery.BundleJob("rollout-7", "parcel-damage-demo", "1.1.0", 2,
                    io.intakeedge.agent.bundle.archive.Sha256.hex(Files.readAllBytes(archive)), Files.size(archive),
                    65536, io.intakeedge.agent.bundle.delivery.JobTarget.device("dock-a", "station-07"), false);
            new LifecycleInbox(rig.lifecycle).offer(job, archive); // returns at once: the lifecycle has its thread
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!rig.reached(LifecycleState.SHADOW) && System.nanoTime() < deadline) {
                rig.frames(1);
            }
            StateReport shadow = rig.states.stream().filter(s -> s.state() == LifecycleState.SHADOW).findFirst()
                    .orElseThrow();
            assertThat(shadow.job()).isEqualTo("rollout-7");
            assertThat(shadow.candidate()).isEqualTo("parcel-damage-demo@1.1.0");
        }
    }

    @Test
    void cancelDropsTheCandidateAndItsSlot() throws Exception {
        try (LifecycleRig rig = new LifecycleRig(tmp, key, RELAXED)) {
            Path archive = Candidates.archive(tmp, key, "1.1.0", 2, "0.70", false);
            assertThat(rig.lifecycle.offer(archive, new BundleLifecycle.Job("job-5", 0)).get(2, TimeUnit.MINUTES)
                    .state()).isEqualTo(LifecycleState.SHADOW);
            rig.frames(5);
            StateReport cancelled = rig.lifecycle.command(rig.command("cancel", null, null)).get(1, TimeUnit.MINUTES);
            assertThat(cancelled.state()).isEqualTo(LifecycleState.CANCELLED);
            try (var slots = Files.list(rig.root.resolve("bundles/slots"))) {
                assertThat(slots.toList()).isEmpty();
            }
            StateReport nothing = rig.lifecycle.command(rig.command("promote", null, null)).get(1, TimeUnit.MINUTES);
            assertThat(nothing.reason()).isEqualTo("no_candidate");
        }
    }
}
