package io.intakeedge.agent.guard;

import io.intakeedge.agent.status.EventLog;
import io.intakeedge.agent.status.StationEvent;
import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.profiles.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The guards driven by a fake thermal zone tree and a fake /proc/self/status: throttle → critical → recover. */
class StationGuardsTest {
    private static final DeviceProfile NANO = ProfileLoader.byId("jetson-orin-nano"); // 85/95 °C, 1536 MiB

    @TempDir
    Path dir;
    private FakeHost host;
    private final EventLog events = new EventLog(100, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private StationGuards guards;

    @BeforeEach
    void coolStation() throws Exception {
        host = new FakeHost(dir).zone(0, "cpu-thermal", 52).zone(1, "gpu-thermal", 48).zone(2, "tj-thermal", 53)
                .unreadableZone(3, "cv0-thermal").rssMb(300);
        guards = StationGuards.forProfile(NANO, dir, Clock.systemUTC());
        guards.onEvent(events::add);
    }

    @Test
    void throttleThenCriticalThenRecoveryActOnDecisionsAndRaiseEvents() throws Exception {
        assertThat(thermal(guards.refresh()).state()).isEqualTo("ok");
        assertThat(guards.throttled()).isFalse();
        assertThat(events.since(0, 10)).as("a healthy start is not news").isEmpty();

        host.zone(2, "tj-thermal", 88.5);
        GuardState hot = thermal(guards.refresh());
        assertThat(hot.state()).isEqualTo("throttle");
        assertThat(hot.action()).isEqualTo("decision_rate_halved");
        assertThat(hot.reason()).contains("tj-thermal at 88.5 °C").contains("throttle 85.0 °C")
                .contains("soc0-thermal absent").contains("cv0-thermal unreadable");
        assertThat(guards.throttled()).isTrue();
        assertThat(guards.inferencePause()).isEmpty();

        host.zone(0, "cpu-thermal", 96);
        GuardState critical = thermal(guards.refresh());
        assertThat(critical.state()).isEqualTo("critical");
        assertThat(critical.action()).isEqualTo("inference_paused");
        assertThat(guards.inferencePause()).get().asString().contains("thermal guard critical")
                .contains("cpu-thermal at 96.0 °C").contains("manual intake");
        assertThat(guards.throttled()).isTrue();

        host.zone(0, "cpu-thermal", 60).zone(2, "tj-thermal", 61);
        assertThat(thermal(guards.refresh()).state()).isEqualTo("ok");
        assertThat(guards.inferencePause()).isEmpty();
        assertThat(guards.throttled()).isFalse();

        List<StationEvent> raised = events.since(0, 10);
        assertThat(raised).extracting(StationEvent::kind).containsExactly("guard_thermal", "guard_thermal",
                "guard_thermal");
        assertThat(raised).extracting(StationEvent::severity).containsExactly("warning", "error", "info");
        assertThat(raised.get(0).message()).startsWith("thermal throttle (was ok)");
        assertThat(raised.get(1).message()).startsWith("thermal critical (was throttle)");
        assertThat(raised.get(2).message()).startsWith("thermal ok (was critical)");
    }

    @Test
    void sameStateKeepsItsStartAndRaisesNothingNew() throws Exception {
        host.zone(0, "cpu-thermal", 86);
        GuardState first = thermal(guards.refresh());
        host.zone(0, "cpu-thermal", 87);
        GuardState second = thermal(guards.refresh());

        assertThat(second.since()).isEqualTo(first.since());
        assertThat(second.reason()).contains("87.0 °C");
        assertThat(events.since(0, 10)).hasSize(1);
    }

    @Test
    void unreadableZonesNeverDecideAndNoReadableZoneIsUnmonitored() throws Exception {
        host.unreadableZone(0, "cpu-thermal").unreadableZone(1, "gpu-thermal").unreadableZone(2, "tj-thermal");

        GuardState t = thermal(guards.refresh());

        assertThat(t.state()).isEqualTo("unmonitored");
        assertThat(t.reason()).contains("no thermal zone of the profile is readable").contains("soc0-thermal absent");
        assertThat(guards.inferencePause()).isEmpty();
        assertThat(events.since(0, 10)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("guard_thermal");
            assertThat(e.severity()).isEqualTo("warning");
        });
    }

    @Test
    void memoryWarnsNearAndOverTheRssBudget() throws Exception {
        assertThat(memory(guards.refresh()).state()).isEqualTo("ok");

        host.rssMb(1400); // 91 % of 1536
        GuardState near = memory(guards.refresh());
        assertThat(near.state()).isEqualTo("near_limit");
        assertThat(near.reason()).contains("RSS 1400 MiB of the profile's memory_limit_mb 1536");

        host.rssMb(1600);
        assertThat(memory(guards.refresh()).state()).isEqualTo("over_limit");
        assertThat(guards.inferencePause()).as("memory only warns").isEmpty();

        assertThat(events.since(0, 10)).extracting(StationEvent::kind, StationEvent::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("guard_memory", "warning"),
                        org.assertj.core.groups.Tuple.tuple("guard_memory", "error"));
    }

    @Test
    void unreadableRssIsUnmeasuredNotOk() throws Exception {
        java.nio.file.Files.delete(dir.resolve("proc/self/status"));

        assertThat(memory(guards.refresh()).state()).isEqualTo("unmeasured");
    }

    @Test
    void throttledFramesWaitForTwiceTheNormalCycle() throws Exception {
        long ms = 1_000_000L;
        guards.pace(1_000 * ms, 5 * ms);
        guards.pace(1_040 * ms, 5 * ms); // a paced 25 fps camera: 40 ms cycle, 5 ms of work
        assertThat(guards.pauseNanos(1_080 * ms, 5 * ms)).as("not throttled: no wait").isZero();

        host.zone(0, "cpu-thermal", 90);
        guards.refresh();
        // twice the 40 ms cycle, less the 5 ms the frame took
        assertThat(guards.pauseNanos(1_120 * ms, 5 * ms)).isEqualTo(75 * ms);
        // a frame that took longer than the cycle: twice its own time, less itself
        assertThat(guards.pauseNanos(1_240 * ms, 60 * ms)).isEqualTo(60 * ms);
        long t0 = System.nanoTime();
        guards.pace(1_360 * ms, 5 * ms);
        assertThat(System.nanoTime() - t0).as("pace sleeps the pause").isGreaterThanOrEqualTo(70 * ms);
    }

    private static GuardState thermal(List<GuardState> states) {
        return states.stream().filter(s -> s.guard().equals("thermal")).findFirst().orElseThrow();
    }

    private static GuardState memory(List<GuardState> states) {
        return states.stream().filter(s -> s.guard().equals("memory")).findFirst().orElseThrow();
    }
}
