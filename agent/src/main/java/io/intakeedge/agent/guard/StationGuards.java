package io.intakeedge.agent.guard;

import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.profiles.ThermalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The station's resource guards acting on decisions. {@link #refresh()} (a periodic timer) re-measures; the capture
 * thread asks {@link #inferencePause()} before each model run and calls {@link #pace} after each frame. Each change
 * of a guard's state is logged and raised as a {@code guard_<name>} event; {@link #states()} feeds
 * {@code /api/status}. Thread-safe.
 */
public final class StationGuards {
    private static final Logger log = LoggerFactory.getLogger(StationGuards.class);
    /** A throttled frame waits as long as it took, but never longer than this, so stopping stays prompt. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    private final ThermalGuard thermal;
    private final MemoryGuard memory;
    private final Clock clock;
    private final Map<String, GuardState> states = new LinkedHashMap<>();
    private volatile GuardEvents events = (kind, severity, message) -> { };
    private volatile boolean throttled;
    private volatile String pausedWhy;
    // capture thread only
    private long previousStart;
    private long normalCycle;

    public StationGuards(ThermalGuard thermal, MemoryGuard memory, Clock clock) {
        this.thermal = thermal;
        this.memory = memory;
        this.clock = clock;
    }

    /**
     * The profile's guards reading the machine below {@code hostRoot}: {@code sys/class/thermal} and
     * {@code proc/self/status} ({@code /} on a station, a fake tree in tests).
     */
    public static StationGuards forProfile(DeviceProfile profile, Path hostRoot, Clock clock) {
        return new StationGuards(new ThermalGuard(profile.thermalZones(), new ThermalReader(hostRoot)),
                new MemoryGuard(profile.memoryLimitMb(), hostRoot.resolve("proc/self/status")), clock);
    }

    /** Where state changes are raised from now on. */
    public void onEvent(GuardEvents sink) {
        this.events = sink;
    }

    /** Measures every guard, raises an event for each one whose state changed, and returns the states. */
    public synchronized List<GuardState> refresh() {
        GuardState t = update(thermal.check());
        update(memory.check());
        throttled = t.state().equals("throttle") || t.state().equals("critical");
        pausedWhy = t.state().equals("critical") ? "thermal guard critical: " + t.reason() : null;
        return List.copyOf(states.values());
    }

    /** The guards' states as last measured; empty before the first {@link #refresh()}. */
    public synchronized List<GuardState> states() {
        return List.copyOf(states.values());
    }

    /** Why inference is paused (thermal critical), if it is: the parcel then fails closed to manual intake. */
    public Optional<String> inferencePause() {
        return Optional.ofNullable(pausedWhy);
    }

    /** True while the thermal guard halves the decision rate (throttle or critical). */
    public boolean throttled() {
        return throttled;
    }

    /**
     * Called on the capture thread after each frame, with when it started and how long it took. While throttled it
     * waits until twice the unthrottled frame cycle has passed (the cycle measured before throttling: a paced camera's
     * frame interval, or the processing time when the station is CPU-bound), so the station handles half as many
     * frames and makes half as many decisions. A wait never exceeds {@link #MAX_PAUSE}, so stopping stays prompt.
     */
    public void pace(long startNanos, long busyNanos) throws InterruptedException {
        long wait = pauseNanos(startNanos, busyNanos);
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L);
        }
    }

    /** What {@link #pace} waits after a frame that started at {@code startNanos} and took {@code busyNanos}. */
    long pauseNanos(long startNanos, long busyNanos) {
        long cycle = previousStart == 0 ? busyNanos : startNanos - previousStart;
        previousStart = startNanos;
        if (!throttled) {
            normalCycle = cycle;
            return 0;
        }
        long wait = 2 * Math.max(normalCycle, busyNanos) - busyNanos;
        return Math.max(0, Math.min(wait, MAX_PAUSE.toNanos()));
    }

    private GuardState update(GuardState now) {
        GuardState before = states.get(now.guard());
        if (before != null && before.state().equals(now.state())) {
            GuardState kept = now.since(before.since()); // same state: fresh reason, original start
            states.put(now.guard(), kept);
            return kept;
        }
        GuardState stamped = now.since(clock.instant());
        states.put(now.guard(), stamped);
        // the first "all is well" is not news; every other change is
        if (before != null || !now.state().equals("ok")) {
            String message = now.guard() + " " + now.state() + (before == null ? "" : " (was " + before.state()
                    + ")") + ": " + now.reason();
            log.atLevel(level(now.severity())).log("guard {}", message);
            events.raise("guard_" + now.guard(), now.severity(), message);
        }
        return stamped;
    }

    private static org.slf4j.event.Level level(String severity) {
        return switch (severity) {
            case "error" -> org.slf4j.event.Level.ERROR;
            case "warning" -> org.slf4j.event.Level.WARN;
            default -> org.slf4j.event.Level.INFO;
        };
    }
}
