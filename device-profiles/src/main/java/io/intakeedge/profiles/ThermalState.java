package io.intakeedge.profiles;

import java.util.List;
import java.util.Optional;

/**
 * A thermal zone the profile names, against its thresholds.
 *
 * @param type      zone type, e.g. {@code cpu-thermal}
 * @param state     {@code ok}, {@code throttle} (at or above throttle_c), {@code critical} (at or above critical_c),
 *                  {@code unreadable} (zone present, temperature not readable) or {@code absent} (no such zone)
 * @param celsius   temperature now, null unless readable
 * @param throttleC the profile's throttle threshold
 * @param criticalC the profile's critical threshold
 * @param detail    why the zone is unreadable or absent, else null
 */
public record ThermalState(String type, String state, Double celsius, double throttleC, double criticalC,
                           String detail) {

    /** The profile's zones against what the reader found; a zone type listed twice uses the hottest reading. */
    public static List<ThermalState> of(List<DeviceProfile.ThermalZone> zones, List<ThermalReader.Reading> readings) {
        return zones.stream().map(z -> of(z, readings)).toList();
    }

    private static ThermalState of(DeviceProfile.ThermalZone zone, List<ThermalReader.Reading> readings) {
        List<ThermalReader.Reading> mine = readings.stream().filter(r -> r.type().equals(zone.type())).toList();
        if (mine.isEmpty()) {
            return new ThermalState(zone.type(), "absent", null, zone.throttleC(), zone.criticalC(),
                    "no thermal zone of this type");
        }
        Optional<Double> hottest = mine.stream().filter(ThermalReader.Reading::readable)
                .map(ThermalReader.Reading::celsius).max(Double::compare);
        if (hottest.isEmpty()) {
            return new ThermalState(zone.type(), "unreadable", null, zone.throttleC(), zone.criticalC(),
                    mine.get(0).error());
        }
        double c = hottest.get();
        String state = c >= zone.criticalC() ? "critical" : c >= zone.throttleC() ? "throttle" : "ok";
        return new ThermalState(zone.type(), state, c, zone.throttleC(), zone.criticalC(), null);
    }

    /** At or above the throttle threshold (critical included). */
    public boolean hot() {
        return state.equals("throttle") || state.equals("critical");
    }
}
