package io.intakeedge.profiles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value rules of a {@link DeviceProfile}; each problem names the field and the reason. */
final class ProfileRules {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private ProfileRules() {
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    static List<String> problems(String id, String arch, int threads, List<String> accelerators, int width,
                                 int height, int fps, int modelInput, int latencyMs, int memoryMb, int heapMb,
                                 int minFreeMb, int h2Mb, int evidenceMb, List<DeviceProfile.ThermalZone> zones,
                                 DeviceProfile.CameraPipelines pipelines) {
        List<String> problems = new ArrayList<>();
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            problems.add("id: must be lower case letters, digits, '.', '-' or '_' (got " + id + ")");
        }
        if (arch == null || !DeviceProfile.SUPPORTED_ARCHS.contains(arch)) {
            problems.add("arch: must be one of " + DeviceProfile.SUPPORTED_ARCHS + " (got " + arch + ")");
        }
        range(problems, "inference_threads", threads, 1, 64);
        accelerators(problems, accelerators);
        range(problems, "capture_width", width, 64, 8192);
        range(problems, "capture_height", height, 64, 8192);
        range(problems, "capture_fps", fps, 1, 240);
        range(problems, "model_input_size", modelInput, 16, 4096);
        range(problems, "latency_budget_ms", latencyMs, 1, 60_000);
        // below ~128 MiB the JVM, TFLite and OpenCV cannot all start
        range(problems, "memory_limit_mb", memoryMb, 128, 1_048_576);
        range(problems, "heap_budget_mb", heapMb, 32, 1_048_576);
        if (heapMb >= memoryMb) {
            problems.add("heap_budget_mb: must be below memory_limit_mb (" + memoryMb + "): TFLite, OpenCV and the"
                    + " JVM itself live outside the heap (got " + heapMb + ")");
        }
        range(problems, "min_free_disk_mb", minFreeMb, 0, 10_485_760);
        range(problems, "h2_budget_mb", h2Mb, 16, 10_485_760);
        range(problems, "evidence_budget_mb", evidenceMb, 0, 10_485_760);
        thermal(problems, zones);
        pipelines(problems, pipelines);
        return problems;
    }

    private static void accelerators(List<String> problems, List<String> accelerators) {
        if (accelerators == null || accelerators.isEmpty()) {
            problems.add("accelerators: must name at least one backend, e.g. [xnnpack, cpu]");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < accelerators.size(); i++) {
            String a = accelerators.get(i);
            boolean delegate = a != null && a.startsWith("delegate:/") && a.length() > "delegate:/".length();
            if (!delegate && !DeviceProfile.KNOWN_ACCELERATORS.contains(a)) {
                problems.add("accelerators[" + i + "]: must be one of " + DeviceProfile.KNOWN_ACCELERATORS
                        + " or delegate:/absolute/path/lib.so (got " + a + ")");
            } else if (!seen.add(a)) {
                problems.add("accelerators[" + i + "]: " + a + " is listed twice");
            }
        }
        String last = accelerators.get(accelerators.size() - 1);
        if (!DeviceProfile.CPU_ACCELERATORS.contains(last)) {
            problems.add("accelerators: the last entry must be xnnpack or cpu so a failing accelerator has a"
                    + " fallback (got " + last + ")");
        }
    }

    private static void thermal(List<String> problems, List<DeviceProfile.ThermalZone> zones) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < zones.size(); i++) {
            DeviceProfile.ThermalZone z = zones.get(i);
            String at = "thermal_zones[" + i + "]";
            if (z == null || z.type() == null || z.type().isBlank()) {
                problems.add(at + ".type: must name a /sys/class/thermal zone type");
                continue;
            }
            if (!seen.add(z.type())) {
                problems.add(at + ".type: " + z.type() + " is listed twice");
            }
            // 150 °C is beyond any silicon's junction limit: a bigger number is a unit mistake (millidegrees)
            if (!(z.throttleC() > 0 && z.throttleC() <= 150)) {
                problems.add(at + ".throttle_c: must be in (0, 150] °C (got " + z.throttleC() + ")");
            }
            if (!(z.criticalC() > z.throttleC() && z.criticalC() <= 150)) {
                problems.add(at + ".critical_c: must be above throttle_c (" + z.throttleC() + ") and at most 150 °C"
                        + " (got " + z.criticalC() + ")");
            }
        }
    }

    private static void pipelines(List<String> problems, DeviceProfile.CameraPipelines pipelines) {
        for (String kind : List.of("csi", "usb", "rtsp")) {
            Matcher m = PLACEHOLDER.matcher(pipelines.template(kind));
            while (m.find()) {
                if (!DeviceProfile.CameraPipelines.PLACEHOLDERS.contains(m.group(1))) {
                    problems.add("camera_pipelines." + kind + ": unknown placeholder {" + m.group(1) + "}, known: "
                            + DeviceProfile.CameraPipelines.PLACEHOLDERS);
                }
            }
        }
    }

    private static void range(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(name + ": must be in " + min + ".." + max + " (got " + value + ")");
        }
    }
}
