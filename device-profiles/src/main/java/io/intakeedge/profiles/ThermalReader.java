package io.intakeedge.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the kernel's thermal zones below a root ({@code /} on a station, a fake tree in tests):
 * {@code sys/class/thermal/thermal_zone*}{@code /type} and {@code temp} in millidegrees Celsius. A zone whose
 * temperature cannot be read is reported with the reason, never dropped: on Orin the {@code cv*} zones fail with
 * an I/O error while the vision accelerators are power-gated, which is normal.
 */
public final class ThermalReader {

    private final Path thermalDir;

    public ThermalReader(Path root) {
        this.thermalDir = root.resolve("sys/class/thermal");
    }

    /**
     * One zone as read now.
     *
     * @param zone    directory name, e.g. {@code thermal_zone3}
     * @param type    the zone's type, e.g. {@code cpu-thermal}; the directory name when the type is unreadable
     * @param celsius temperature, or null when unreadable
     * @param error   why the temperature is missing, or null
     */
    public record Reading(String zone, String type, Double celsius, String error) {
        public boolean readable() {
            return celsius != null;
        }
    }

    /** Every zone, in zone-number order; empty when the machine exposes none (containers, some VMs). */
    public List<Reading> read() {
        List<Path> zones = new ArrayList<>();
        if (Files.isDirectory(thermalDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(thermalDir, "thermal_zone*")) {
                dirs.forEach(zones::add);
            } catch (IOException e) {
                return List.of(new Reading("-", "-", null, "cannot list " + thermalDir + ": " + e.getMessage()));
            }
        }
        zones.sort(Comparator.comparingInt(ThermalReader::zoneNumber).thenComparing(Path::toString));
        return zones.stream().map(ThermalReader::readZone).toList();
    }

    private static Reading readZone(Path dir) {
        String zone = dir.getFileName().toString();
        String type;
        try {
            type = Files.readString(dir.resolve("type"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return new Reading(zone, zone, null, "type unreadable: " + e.getMessage());
        }
        try {
            String raw = Files.readString(dir.resolve("temp"), StandardCharsets.UTF_8).trim();
            return new Reading(zone, type, Long.parseLong(raw) / 1000.0, null);
        } catch (IOException e) {
            return new Reading(zone, type, null, "temp unreadable (power-gated?): " + e.getMessage());
        } catch (NumberFormatException e) {
            return new Reading(zone, type, null, "temp is not millidegrees: " + e.getMessage());
        }
    }

    private static int zoneNumber(Path dir) {
        String digits = dir.getFileName().toString().replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
