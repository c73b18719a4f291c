package io.intakeedge.profiles;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * What one class of station hardware can do: how many inference threads to use, whether XNNPACK runs the model,
 * the capture size and rate the camera is asked for, how long a decision may take and how much memory and disk the
 * agent may rely on. Profiles are data (YAML, see {@link ProfileLoader}); the values are checked on construction so
 * a bad profile is rejected at start-up with every problem named, not discovered later as a stalled station.
 *
 * @param id               stable profile id, e.g. {@code jetson-orin-nano}; lower case, digits, '-', '_' and '.'
 * @param description      one line for operators
 * @param arch             CPU architecture the profile targets, as Java's {@code os.arch} names it (amd64, aarch64)
 * @param inferenceThreads TFLite interpreter threads (1..64)
 * @param useXnnpack       run the model through the XNNPACK delegate
 * @param captureWidth     requested camera frame width in pixels
 * @param captureHeight    requested camera frame height in pixels
 * @param captureFps       requested camera frame rate
 * @param latencyBudgetMs  end-to-end budget for one decision (capture to route), in milliseconds
 * @param memoryLimitMb    memory the agent process may use on this device, in MiB
 * @param minFreeDiskMb    free space the data directory must keep (traces, evidence images), in MiB
 */
public record DeviceProfile(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("description") String description,
        @JsonProperty(value = "arch", required = true) String arch,
        @JsonProperty(value = "inference_threads", required = true) int inferenceThreads,
        @JsonProperty(value = "use_xnnpack", required = true) boolean useXnnpack,
        @JsonProperty(value = "capture_width", required = true) int captureWidth,
        @JsonProperty(value = "capture_height", required = true) int captureHeight,
        @JsonProperty(value = "capture_fps", required = true) int captureFps,
        @JsonProperty(value = "latency_budget_ms", required = true) int latencyBudgetMs,
        @JsonProperty(value = "memory_limit_mb", required = true) int memoryLimitMb,
        @JsonProperty(value = "min_free_disk_mb", required = true) int minFreeDiskMb) {

    /** Architectures a profile may target; the natives ship for these two only. */
    public static final List<String> SUPPORTED_ARCHS = List.of("amd64", "aarch64");

    public DeviceProfile {
        description = description == null ? "" : description;
        List<String> problems = problems(id, arch, inferenceThreads, captureWidth, captureHeight, captureFps,
                latencyBudgetMs, memoryLimitMb, minFreeDiskMb);
        if (!problems.isEmpty()) {
            throw new ProfileException("invalid device profile '" + id + "': " + String.join("; ", problems));
        }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static List<String> problems(String id, String arch, int threads, int width, int height, int fps,
                                         int latencyMs, int memoryMb, int diskMb) {
        List<String> problems = new ArrayList<>();
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            problems.add("id must be lower case letters, digits, '.', '-' or '_' (got " + id + ")");
        }
        if (arch == null || !SUPPORTED_ARCHS.contains(arch)) {
            problems.add("arch must be one of " + SUPPORTED_ARCHS + " (got " + arch + ")");
        }
        range(problems, "inference_threads", threads, 1, 64);
        range(problems, "capture_width", width, 64, 8192);
        range(problems, "capture_height", height, 64, 8192);
        range(problems, "capture_fps", fps, 1, 240);
        range(problems, "latency_budget_ms", latencyMs, 1, 60_000);
        // below ~128 MiB the JVM, TFLite and OpenCV cannot all start
        range(problems, "memory_limit_mb", memoryMb, 128, 1_048_576);
        range(problems, "min_free_disk_mb", diskMb, 0, 10_485_760);
        return problems;
    }

    private static void range(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(name + " must be in " + min + ".." + max + " (got " + value + ")");
        }
    }
}
