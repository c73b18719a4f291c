package io.intakeedge.profiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What one class of station hardware can do: inference threads and the accelerator preference order, the camera
 * pipelines and the capture size and rate asked of the camera, the model input it budgets for, how long a decision
 * may take, and the memory, disk and temperatures the agent must stay within. Profiles are data (YAML, read by
 * {@link ProfileReader}); the values are checked here, so a bad profile is rejected at start-up with every problem
 * named, not discovered later as a stalled station. JSON/YAML names are the profile file's field names.
 *
 * @param id               stable profile id, e.g. {@code jetson-orin-nano}; lower case, digits, '-', '_' and '.'
 * @param description      one line for operators
 * @param arch             CPU architecture the profile targets, as Java's {@code os.arch} names it (amd64, aarch64)
 * @param inferenceThreads TFLite interpreter threads (1..64)
 * @param accelerators     backends to try, best first; the last is a CPU backend so a failing accelerator has a
 *                         fallback (see {@link #KNOWN_ACCELERATORS})
 * @param captureWidth     requested camera frame width in pixels
 * @param captureHeight    requested camera frame height in pixels
 * @param captureFps       requested camera frame rate
 * @param cameraPipelines  GStreamer pipeline templates per camera kind
 * @param modelInputSize   largest square model input (pixels per side) the latency budget was sized for
 * @param latencyBudgetMs  end-to-end budget for one decision (capture to route), in milliseconds
 * @param memoryLimitMb    resident memory (RSS) the agent process may use on this device, in MiB
 * @param heapBudgetMb     Java heap (-Xmx) within that RSS budget, in MiB; natives (TFLite, OpenCV) need the rest
 * @param minFreeDiskMb    free space the data directory must keep, in MiB
 * @param h2BudgetMb       disk the H2 database (traces, outbox) may use, in MiB
 * @param evidenceBudgetMb disk the evidence images may use, in MiB
 * @param thermalZones     thermal zones to watch, with their thresholds
 */
@JsonPropertyOrder({"id", "description", "arch", "inference_threads", "accelerators", "capture_width",
        "capture_height", "capture_fps", "camera_pipelines", "model_input_size", "latency_budget_ms",
        "memory_limit_mb", "heap_budget_mb", "min_free_disk_mb", "h2_budget_mb", "evidence_budget_mb",
        "thermal_zones"})
public record DeviceProfile(
        @JsonProperty("id") String id,
        @JsonProperty("description") String description,
        @JsonProperty("arch") String arch,
        @JsonProperty("inference_threads") int inferenceThreads,
        @JsonProperty("accelerators") List<String> accelerators,
        @JsonProperty("capture_width") int captureWidth,
        @JsonProperty("capture_height") int captureHeight,
        @JsonProperty("capture_fps") int captureFps,
        @JsonProperty("camera_pipelines") CameraPipelines cameraPipelines,
        @JsonProperty("model_input_size") int modelInputSize,
        @JsonProperty("latency_budget_ms") int latencyBudgetMs,
        @JsonProperty("memory_limit_mb") int memoryLimitMb,
        @JsonProperty("heap_budget_mb") int heapBudgetMb,
        @JsonProperty("min_free_disk_mb") int minFreeDiskMb,
        @JsonProperty("h2_budget_mb") int h2BudgetMb,
        @JsonProperty("evidence_budget_mb") int evidenceBudgetMb,
        @JsonProperty("thermal_zones") List<ThermalZone> thermalZones) {

    /** Architectures a profile may target; the natives ship for these two only. */
    public static final List<String> SUPPORTED_ARCHS = List.of("amd64", "aarch64");

    /**
     * Backends a profile may name: TensorRT (planned, docs/accelerators.md), XNNPACK, TFLite's built-in CPU kernels,
     * or {@code delegate:/path/lib.so} for a TFLite external delegate.
     */
    public static final List<String> KNOWN_ACCELERATORS = List.of("tensorrt", "xnnpack", "cpu");

    /** Backends that need no accelerator hardware: one of these must come last. */
    public static final List<String> CPU_ACCELERATORS = List.of("xnnpack", "cpu");

    public DeviceProfile {
        description = description == null ? "" : description;
        accelerators = accelerators == null ? null : List.copyOf(accelerators);
        thermalZones = thermalZones == null ? List.of() : List.copyOf(thermalZones);
        cameraPipelines = cameraPipelines == null ? CameraPipelines.DEFAULT : cameraPipelines;
        List<String> problems = ProfileRules.problems(id, arch, inferenceThreads, accelerators, captureWidth,
                captureHeight, captureFps, modelInputSize, latencyBudgetMs, memoryLimitMb, heapBudgetMb,
                minFreeDiskMb, h2BudgetMb, evidenceBudgetMb, thermalZones, cameraPipelines);
        if (!problems.isEmpty()) {
            throw new ProfileException("invalid device profile '" + id + "': " + String.join("; ", problems));
        }
    }

    /** Whether XNNPACK runs the model (it is in the preference order), as the TFLite runtime options want it. */
    public boolean useXnnpack() {
        return accelerators.contains("xnnpack");
    }

    /**
     * GStreamer pipeline templates up to the raw BGR caps; the capture code adds the sink. Placeholders:
     * {@code {device} {sensor_id} {url} {width} {height} {fps}}. An empty template: this kind of camera is not
     * available on the hardware (CSI on a PC).
     */
    public record CameraPipelines(@JsonProperty("csi") String csi, @JsonProperty("usb") String usb,
                                  @JsonProperty("rtsp") String rtsp) {
        public static final List<String> PLACEHOLDERS = List.of("device", "sensor_id", "url", "width", "height", "fps");

        /** Software decoding and conversion only: works wherever GStreamer base/good/libav plugins are installed. */
        public static final CameraPipelines DEFAULT = new CameraPipelines("",
                "v4l2src device={device} ! image/jpeg,width={width},height={height},framerate={fps}/1 ! jpegdec"
                        + " ! videoconvert ! video/x-raw,format=BGR",
                "rtspsrc location={url} protocols=tcp latency=200 ! rtph264depay ! h264parse ! avdec_h264"
                        + " ! videoconvert ! videoscale ! video/x-raw,format=BGR,width={width},height={height}");

        public CameraPipelines {
            csi = csi == null ? "" : csi;
            usb = usb == null ? "" : usb;
            rtsp = rtsp == null ? "" : rtsp;
        }

        /** The template for {@code kind} (csi, usb, rtsp). */
        public String template(String kind) {
            return switch (kind) {
                case "csi" -> csi;
                case "usb" -> usb;
                case "rtsp" -> rtsp;
                default -> throw new IllegalArgumentException("camera kind must be csi, usb or rtsp, got " + kind);
            };
        }
    }

    /**
     * A thermal zone the guard watches, by its {@code /sys/class/thermal/thermal_zone*}{@code /type} name.
     *
     * @param type      zone type, e.g. {@code cpu-thermal}
     * @param throttleC above this the station should lower its decision rate (°C)
     * @param criticalC above this inference should pause and the station fail closed (°C)
     */
    public record ThermalZone(@JsonProperty("type") String type, @JsonProperty("throttle_c") double throttleC,
                              @JsonProperty("critical_c") double criticalC) {
    }
}
