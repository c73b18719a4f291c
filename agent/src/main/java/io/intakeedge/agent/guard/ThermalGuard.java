package io.intakeedge.agent.guard;

import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.profiles.ThermalReader;
import io.intakeedge.profiles.ThermalState;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The profile's thermal zones against their thresholds. The hottest readable zone decides: at or above its throttle
 * threshold the station halves its decision rate, at or above critical it pauses inference and fails closed.
 * Unreadable or absent zones are listed in the reason but never decide (Orin's {@code cv*} zones cannot be read
 * while the vision accelerators are power-gated); with no readable zone at all the guard says {@code unmonitored}.
 */
public final class ThermalGuard {
    private final List<DeviceProfile.ThermalZone> zones;
    private final ThermalReader reader;

    public ThermalGuard(List<DeviceProfile.ThermalZone> zones, ThermalReader reader) {
        this.zones = List.copyOf(zones);
        this.reader = reader;
    }

    /** Reads the zones now; {@code since} is left null for the caller to stamp. */
    public GuardState check() {
        List<ThermalState> states = ThermalState.of(zones, reader.read());
        String unread = states.stream().filter(s -> s.celsius() == null)
                .map(s -> s.type() + " " + s.state()).collect(Collectors.joining(", "));
        String skipped = unread.isEmpty() ? "" : " (not read: " + unread + ")";
        Optional<ThermalState> worst = states.stream().filter(s -> s.celsius() != null)
                .max(Comparator.comparingInt(ThermalGuard::rank).thenComparingDouble(ThermalState::celsius));
        if (worst.isEmpty()) {
            return new GuardState("thermal", "unmonitored", zones.isEmpty() ? "info" : "warning", "none",
                    zones.isEmpty() ? "the device profile names no thermal zone"
                            : "no thermal zone of the profile is readable" + skipped, null);
        }
        ThermalState w = worst.get();
        String measured = w.type() + " at " + w.celsius() + " °C";
        return switch (w.state()) {
            case "critical" -> new GuardState("thermal", "critical", "error", "inference_paused", measured
                    + " is at or above critical " + w.criticalC() + " °C: inference paused, every parcel goes to"
                    + " manual intake" + skipped, null);
            case "throttle" -> new GuardState("thermal", "throttle", "warning", "decision_rate_halved", measured
                    + " is at or above throttle " + w.throttleC() + " °C: decision rate halved" + skipped, null);
            default -> new GuardState("thermal", "ok", "info", "none", "hottest zone " + measured
                    + ", below throttle " + w.throttleC() + " °C" + skipped, null);
        };
    }

    private static int rank(ThermalState s) {
        return switch (s.state()) {
            case "critical" -> 2;
            case "throttle" -> 1;
            default -> 0;
        };
    }
}
