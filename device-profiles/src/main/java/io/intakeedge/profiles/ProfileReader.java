package io.intakeedge.profiles;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@link DeviceProfile} from a parsed YAML tree, checking its shape: unknown fields (a typo must not fall back
 * to a default silently), missing required fields and wrong types, each named with the reason. Value ranges are
 * checked by the record itself. Fields added after the first profiles have defaults, so older files still load.
 */
final class ProfileReader {

    static final Set<String> FIELDS = Set.of("id", "description", "arch", "inference_threads", "use_xnnpack",
            "accelerators", "capture_width", "capture_height", "capture_fps", "camera_pipelines", "model_input_size",
            "latency_budget_ms", "memory_limit_mb", "heap_budget_mb", "min_free_disk_mb", "h2_budget_mb",
            "evidence_budget_mb", "thermal_zones");
    static final int DEFAULT_MODEL_INPUT = 224;
    static final int DEFAULT_H2_MB = 1024;
    static final int DEFAULT_EVIDENCE_MB = 2048;

    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private ProfileReader(JsonNode root) {
        this.root = root;
    }

    /** The profile in {@code root}; {@code source} (file or resource) prefixes every error. */
    static DeviceProfile read(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ProfileException(source + ": empty device profile");
        }
        if (!root.isObject()) {
            throw new ProfileException(source + ": a device profile is a mapping of fields, got " + kind(root));
        }
        ProfileReader r = new ProfileReader(root);
        DeviceProfile profile;
        try {
            profile = r.build();
        } catch (ProfileException e) {
            throw new ProfileException(source + ": " + e.getMessage(), e);
        }
        if (!r.problems.isEmpty()) {
            throw new ProfileException(source + ": invalid device profile: " + String.join("; ", r.problems));
        }
        return profile;
    }

    private DeviceProfile build() {
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(name + ": unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList())
                        + ")");
            }
        });
        String id = text("id", null);
        String description = text("description", "");
        String arch = arch();
        int threads = integer("inference_threads", null);
        List<String> accelerators = accelerators();
        int width = integer("capture_width", null);
        int height = integer("capture_height", null);
        int fps = integer("capture_fps", null);
        DeviceProfile.CameraPipelines pipelines = pipelines();
        int modelInput = integer("model_input_size", DEFAULT_MODEL_INPUT);
        int latency = integer("latency_budget_ms", null);
        int memory = integer("memory_limit_mb", null);
        int heap = integer("heap_budget_mb", memory / 2);
        int minFree = integer("min_free_disk_mb", null);
        int h2 = integer("h2_budget_mb", DEFAULT_H2_MB);
        int evidence = integer("evidence_budget_mb", DEFAULT_EVIDENCE_MB);
        List<DeviceProfile.ThermalZone> zones = zones();
        // range errors on top of shape errors would only repeat them (a missing number reads as 0)
        return !problems.isEmpty() ? null : new DeviceProfile(id, description, arch, threads, accelerators, width,
                height, fps, pipelines, modelInput, latency, memory, heap, minFree, h2, evidence, zones);
    }

    private String arch() {
        String arch = text("arch", null);
        return arch == null ? null : ProfileLoader.normalizeArch(arch);
    }

    private List<String> accelerators() {
        JsonNode legacy = root.get("use_xnnpack");
        if (legacy != null && !legacy.isBoolean()) {
            problems.add("use_xnnpack: expected true or false, got " + kind(legacy));
        }
        boolean xnnpack = legacy == null || legacy.asBoolean(true);
        JsonNode list = root.get("accelerators");
        if (list == null) {
            return xnnpack ? List.of("xnnpack", "cpu") : List.of("cpu");
        }
        List<String> names = strings("accelerators", list);
        if (legacy != null && legacy.isBoolean() && xnnpack != names.contains("xnnpack")) {
            problems.add("use_xnnpack: " + xnnpack + " contradicts accelerators " + names
                    + " (drop use_xnnpack, accelerators replaces it)");
        }
        return names;
    }

    private DeviceProfile.CameraPipelines pipelines() {
        JsonNode node = root.get("camera_pipelines");
        if (node == null) {
            return DeviceProfile.CameraPipelines.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add("camera_pipelines: expected a mapping of csi/usb/rtsp templates, got " + kind(node));
            return DeviceProfile.CameraPipelines.DEFAULT;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!List.of("csi", "usb", "rtsp").contains(name)) {
                problems.add("camera_pipelines." + name + ": unknown camera kind (known: csi, usb, rtsp)");
            }
        });
        DeviceProfile.CameraPipelines d = DeviceProfile.CameraPipelines.DEFAULT;
        return new DeviceProfile.CameraPipelines(template(node, "csi", d.csi()), template(node, "usb", d.usb()),
                template(node, "rtsp", d.rtsp()));
    }

    private String template(JsonNode pipelines, String kind, String fallback) {
        JsonNode v = pipelines.get(kind);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            problems.add("camera_pipelines." + kind + ": expected a pipeline string, got " + kind(v));
            return fallback;
        }
        return v.asText().trim();
    }

    private List<DeviceProfile.ThermalZone> zones() {
        JsonNode node = root.get("thermal_zones");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("thermal_zones: expected a list of {type, throttle_c, critical_c}, got " + kind(node));
            return List.of();
        }
        List<DeviceProfile.ThermalZone> zones = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            zone("thermal_zones[" + i + "]", node.get(i)).ifPresent(zones::add);
        }
        return zones;
    }

    private Optional<DeviceProfile.ThermalZone> zone(String at, JsonNode z) {
        if (!z.isObject()) {
            problems.add(at + ": expected {type, throttle_c, critical_c}, got " + kind(z));
            return Optional.empty();
        }
        for (Iterator<String> it = z.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("type", "throttle_c", "critical_c").contains(name)) {
                problems.add(at + "." + name + ": unknown field (known: type, throttle_c, critical_c)");
            }
        }
        JsonNode type = z.get("type");
        JsonNode throttle = z.get("throttle_c");
        JsonNode critical = z.get("critical_c");
        int before = problems.size();
        if (type == null || !type.isTextual()) {
            problems.add(at + ".type: required, the zone's /sys/class/thermal type name");
        }
        for (String name : List.of("throttle_c", "critical_c")) {
            JsonNode v = z.get(name);
            if (v == null || !v.isNumber()) {
                problems.add(at + "." + name + ": required, degrees Celsius" + (v == null ? "" : ", got " + kind(v)));
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(
                new DeviceProfile.ThermalZone(type.asText(), throttle.asDouble(), critical.asDouble()));
    }

    private List<String> strings(String name, JsonNode list) {
        if (!list.isArray()) {
            problems.add(name + ": expected a list, e.g. [xnnpack, cpu], got " + kind(list));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!v.isTextual()) {
                problems.add(name + "[" + i + "]: expected a name, got " + kind(v));
            } else {
                out.add(v.asText().trim());
            }
        }
        return out;
    }

    private String text(String name, String fallback) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                problems.add(name + ": required field is missing");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            problems.add(name + ": expected text, got " + kind(v));
            return fallback;
        }
        return v.asText().trim();
    }

    private int integer(String name, Integer fallback) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                problems.add(name + ": required field is missing");
                return 0;
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(name + ": expected a whole number, got " + kind(v));
            return fallback == null ? 0 : fallback;
        }
        return v.asInt();
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "text '" + v.asText() + "'";
        }
        if (v.isContainerNode()) {
            return v.isArray() ? "a list" : "a mapping";
        }
        return v.getNodeType().name().toLowerCase(Locale.ROOT) + " " + v;
    }
}
