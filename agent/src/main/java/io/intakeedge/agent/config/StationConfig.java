package io.intakeedge.agent.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.intakeedge.capture.locator.ParcelLocators;
import io.intakeedge.capture.source.ImageLimits;
import io.intakeedge.profiles.ProfileRequest;
import io.intakeedge.sync.protocol.Ids;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one station runs: who it is, where frames come from, which bundle decides, where data lives, how it syncs.
 * Read from {@code station.yaml} (snake_case keys) by {@link StationConfigLoader}; see {@code docs/station.yaml}.
 *
 * @param site     site (warehouse) id, the second level of the MQTT topic tree
 * @param device   device id, unique per site; written into every trace
 * @param station  intake station id (one device may serve one station)
 * @param profile  device profile: {@code auto} (detect), an id or a file, optionally with field overrides
 * @param camera   the frame source
 * @param bundle   directory of the serving bundle (model, labels, manifest)
 * @param dataDir  H2 database, evidence JPEGs
 * @param http     local status page
 * @param sync     MQTT store-and-forward; {@code null} or disabled keeps everything local
 * @param calibration how many accepted frames to keep for station re-quantization
 * @param bundles  the bundle lifecycle (signed archives, shadow, activation, rollback); off without trusted keys
 * @param delivery bundle delivery over MQTT ({@link DeliverySettings}); off unless enabled
 * @param retention how long traces and evidence stay ({@link RetentionSettings}); default 30 days
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record StationConfig(String site, String device, String station, ProfileRequest profile, CameraConfig camera,
                            Path bundle, Path dataDir, HttpConfig http, SyncSettings sync,
                            CalibrationSettings calibration, BundleSettings bundles, DeliverySettings delivery,
                            RetentionSettings retention) {

    public StationConfig {
        site = requireId(site, "site");
        device = requireId(device, "device");
        station = station == null ? device : station;
        profile = profile == null ? ProfileRequest.AUTO : profile;
        Objects.requireNonNull(camera, "camera: section missing");
        Objects.requireNonNull(bundle, "bundle: path missing");
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        http = http == null ? HttpConfig.DEFAULT : http;
        sync = sync == null ? SyncSettings.DISABLED : sync;
        calibration = calibration == null ? CalibrationSettings.DEFAULT : calibration;
        bundles = bundles == null ? BundleSettings.DISABLED : bundles;
        delivery = delivery == null ? DeliverySettings.DISABLED : delivery;
        retention = retention == null ? RetentionSettings.DEFAULT : retention;
        if (delivery.enabled() && !sync.enabled()) {
            throw new IllegalArgumentException("delivery: needs sync enabled (it uses the sync broker, credentials "
                    + "and TLS)");
        }
        if (delivery.enabled() && !bundles.enabled()) {
            throw new IllegalArgumentException("delivery: needs bundles.trusted_keys (a station takes only archives "
                    + "signed by a key it trusts)");
        }
    }

    /** A config with the default retention. */
    public StationConfig(String site, String device, String station, ProfileRequest profile, CameraConfig camera,
                         Path bundle, Path dataDir, HttpConfig http, SyncSettings sync,
                         CalibrationSettings calibration, BundleSettings bundles, DeliverySettings delivery) {
        this(site, device, station, profile, camera, bundle, dataDir, http, sync, calibration, bundles, delivery,
                null);
    }

    /** A config without bundle delivery. */
    public StationConfig(String site, String device, String station, ProfileRequest profile, CameraConfig camera,
                         Path bundle, Path dataDir, HttpConfig http, SyncSettings sync,
                         CalibrationSettings calibration, BundleSettings bundles) {
        this(site, device, station, profile, camera, bundle, dataDir, http, sync, calibration, bundles, null);
    }

    /** A config without a bundle lifecycle section. */
    public StationConfig(String site, String device, String station, ProfileRequest profile, CameraConfig camera,
                         Path bundle, Path dataDir, HttpConfig http, SyncSettings sync,
                         CalibrationSettings calibration) {
        this(site, device, station, profile, camera, bundle, dataDir, http, sync, calibration, null);
    }

    /** A config naming its profile by id or file, without overrides (tests, the demo). */
    public StationConfig(String site, String device, String station, String profile, CameraConfig camera,
                         Path bundle, Path dataDir, HttpConfig http, SyncSettings sync,
                         CalibrationSettings calibration) {
        this(site, device, station, ProfileRequest.of(profile), camera, bundle, dataDir, http, sync, calibration,
                null);
    }

    private static String requireId(String value, String field) {
        // the same rule the MQTT topics apply, so a config that loads also syncs
        if (!Ids.isValid(value)) {
            throw new IllegalArgumentException(field + ": must be " + Ids.RULE + " (it becomes an MQTT topic"
                    + " segment), got '" + value + "'");
        }
        return value;
    }

    /**
     * @param id     camera id written into traces
     * @param source {@code synthetic}, {@code synthetic-live} (paced, endless), {@code video}, {@code folder}, or a
     *               live camera: {@code rtsp}, {@code v4l2} (USB), {@code csi} (GStreamer, Jetson CSI)
     * @param path   video file or hot folder (not for synthetic)
     * @param seed   synthetic scene seed
     * @param frames stop after this many frames (0 = until the source ends)
     * @param mode   {@code presentation} (one decision per parcel) or {@code continuous} (every Nth frame)
     * @param every  N for continuous mode
     * @param locator how the parcel is found: {@code background} (fixed station camera, learns the empty station)
     *               or {@code full_frame} (each photo is the parcel); default {@code full_frame} for a folder,
     *               {@code background} otherwise
     * @param trigger presentation trigger timings in milliseconds ({@link TriggerConfig}); validated here
     * @param maxPixels a hot-folder image whose header declares more pixels (width × height) is refused before
     *                  decoding, with a reason in {@code failed/}; default 4096×4096 = 16,777,216
     * @param url      {@code rtsp}: the camera's {@code rtsp://[user:password@]host[:port]/path}
     * @param device   {@code v4l2}: {@code /dev/videoN} (a regular file stands in for a device in tests)
     * @param pipeline {@code csi}: GStreamer pipeline up to raw BGR caps; default the device profile's
     *                 {@code camera_pipelines.csi} template
     * @param sensorId {@code csi}: the {@code {sensor_id}} of the profile's template (default 0)
     * @param format   {@code v4l2}: input format asked of the camera ({@code mjpeg}, {@code yuyv422}); default the
     *                 driver's
     * @param width    live cameras: frame width (default the profile's {@code capture_width})
     * @param height   live cameras: frame height (default the profile's {@code capture_height})
     * @param fps      live cameras: expected rate (default the profile's {@code capture_fps})
     * @param health   live cameras: when a state is named ({@link HealthConfig})
     */
    public record CameraConfig(String id, String source, Path path, Long seed, Integer frames, String mode,
                               Integer every, String locator, TriggerConfig trigger, Long maxPixels, String url,
                               Path device, String pipeline, Integer sensorId, String format, Integer width,
                               Integer height, Double fps, HealthConfig health) {
        /** Sources read through a capture process, with health states. */
        public static final List<String> LIVE = List.of("rtsp", "v4l2", "csi");

        /** A file, folder or synthetic camera (no live-camera settings). */
        public CameraConfig(String id, String source, Path path, Long seed, Integer frames, String mode,
                            Integer every, String locator, TriggerConfig trigger, Long maxPixels) {
            this(id, source, path, seed, frames, mode, every, locator, trigger, maxPixels, null, null, null, null,
                    null, null, null, null, null);
        }

        /** A camera with its source's default locator and the default trigger timings. */
        public CameraConfig(String id, String source, Path path, Long seed, Integer frames, String mode,
                            Integer every) {
            this(id, source, path, seed, frames, mode, every, null, null, null);
        }

        /** A camera with the default image size limits. */
        public CameraConfig(String id, String source, Path path, Long seed, Integer frames, String mode,
                            Integer every, String locator, TriggerConfig trigger) {
            this(id, source, path, seed, frames, mode, every, locator, trigger, null);
        }

        public CameraConfig {
            id = id == null ? "cam-1" : id;
            source = source == null ? "synthetic" : source;
            if (!List.of("synthetic", "synthetic-live", "video", "folder", "rtsp", "v4l2", "csi").contains(source)) {
                throw new IllegalArgumentException("camera.source: expected synthetic, synthetic-live, video, folder,"
                        + " rtsp, v4l2 or csi, got " + source);
            }
            if ((source.equals("video") || source.equals("folder")) && path == null) {
                throw new IllegalArgumentException("camera.path: required for source " + source);
            }
            if (source.equals("rtsp") && (url == null || url.isBlank())) {
                throw new IllegalArgumentException("camera.url: required for source rtsp (rtsp://host[:port]/path)");
            }
            if (source.equals("v4l2") && device == null) {
                throw new IllegalArgumentException("camera.device: required for source v4l2 (e.g. /dev/video0)");
            }
            sensorId = sensorId == null ? 0 : sensorId;
            if ((width != null && width < 16) || (height != null && height < 16) || (fps != null && !(fps > 0))
                    || sensorId < 0) {
                throw new IllegalArgumentException("camera.width/height: at least 16, camera.fps: above 0,"
                        + " camera.sensor_id: 0 or more; got " + width + ", " + height + ", " + fps + ", " + sensorId);
            }
            health = health == null ? HealthConfig.DEFAULT : health;
            seed = seed == null ? 1L : seed;
            frames = frames == null ? 0 : frames;
            mode = mode == null ? "presentation" : mode;
            if (!mode.equals("presentation") && !mode.equals("continuous")) {
                throw new IllegalArgumentException("camera.mode: expected presentation or continuous, got " + mode);
            }
            every = every == null ? 10 : every;
            locator = locator == null ? ParcelLocators.defaultFor(source) : locator;
            if (!ParcelLocators.NAMES.contains(locator)) {
                throw new IllegalArgumentException("camera.locator: expected one of " + ParcelLocators.NAMES
                        + ", got " + locator);
            }
            trigger = trigger == null ? TriggerConfig.DEFAULT : trigger;
            trigger.settings(); // a bad timing fails at load, naming camera.trigger
            maxPixels = maxPixels == null ? ImageLimits.DEFAULT.maxPixels() : maxPixels;
            if (maxPixels < (long) ImageLimits.DEFAULT.minSide() * ImageLimits.DEFAULT.minSide()) {
                throw new IllegalArgumentException("camera.max_pixels: expected at least "
                        + (long) ImageLimits.DEFAULT.minSide() * ImageLimits.DEFAULT.minSide() + ", got " + maxPixels);
            }
        }

        /** Sizes a hot-folder image may declare. */
        public ImageLimits imageLimits() {
            return new ImageLimits(maxPixels, ImageLimits.DEFAULT.minSide());
        }

        public boolean live() {
            return LIVE.contains(source);
        }

        /** The same camera with relative file paths resolved against {@code dir} (the config file's folder). */
        CameraConfig resolvedAgainst(Path dir) {
            return new CameraConfig(id, source, path == null ? null : dir.resolve(path), seed, frames, mode, every,
                    locator, trigger, maxPixels, url, device == null ? null : dir.resolve(device), pipeline, sensorId,
                    format, width, height, fps, health);
        }

        @Override
        public String toString() {
            // an RTSP URL may carry a password: never in a log line or on a page
            return "CameraConfig[id=" + id + ", source=" + source + ", path=" + path + ", url="
                    + (url == null ? null : url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@")) + ", device="
                    + device + ", pipeline=" + pipeline + ", size=" + width + "x" + height + ", fps=" + fps + "]";
        }
    }

    /**
     * {@code camera.health}: when a live camera's state is named (milliseconds; every key optional).
     *
     * @param openTimeoutMs   a started capture process without a frame for this long failed to open (10000)
     * @param stallMs         no frame for this long: {@code stalled}; twice as long: restarted (3000)
     * @param frozenFrames    byte-identical frames in a row for {@code frozen} ... (5)
     * @param frozenMs        ... spanning at least this long (2000)
     * @param frozenRestartMs frozen this long: the capture process is restarted (10000)
     * @param darkLevel       mean level (0..255) at or below which a frame is black (16)
     * @param darkMs          black this long: {@code covered_or_dark} (3000)
     * @param rateTolerance   {@code rate_low}/{@code rate_high} outside fps × (1 ± this) (0.3)
     * @param rateWindowMs    the rate is measured over this window (5000)
     */
    public record HealthConfig(Long openTimeoutMs, Long stallMs, Integer frozenFrames, Long frozenMs,
                               Long frozenRestartMs, Integer darkLevel, Long darkMs, Double rateTolerance,
                               Long rateWindowMs) {
        public static final HealthConfig DEFAULT = new HealthConfig(null, null, null, null, null, null, null, null,
                null);

        public HealthConfig {
            openTimeoutMs = openTimeoutMs == null ? 10_000 : openTimeoutMs;
            stallMs = stallMs == null ? 3_000 : stallMs;
            frozenFrames = frozenFrames == null ? 5 : frozenFrames;
            frozenMs = frozenMs == null ? 2_000 : frozenMs;
            frozenRestartMs = frozenRestartMs == null ? 10_000 : frozenRestartMs;
            darkLevel = darkLevel == null ? 16 : darkLevel;
            darkMs = darkMs == null ? 3_000 : darkMs;
            rateTolerance = rateTolerance == null ? 0.3 : rateTolerance;
            rateWindowMs = rateWindowMs == null ? 5_000 : rateWindowMs;
        }
    }

    /**
     * @param port 0 picks a free port; host defaults to loopback so the page is not exposed by accident
     * @param controlToken bearer token for the page's control actions ({@code POST /api/control/...}); null keeps
     *                     the page read-only. The {@code INTAKE_EDGE_CONTROL_TOKEN} environment variable wins over
     *                     the file. At least 16 characters.
     */
    public record HttpConfig(String host, Integer port, String controlToken) {
        static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 8080);
        /** A guessable token would make the control actions open to anyone on the network. */
        public static final int MIN_TOKEN_LENGTH = 16;

        public HttpConfig(String host, Integer port) {
            this(host, port, null);
        }

        public HttpConfig {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8080 : port;
            controlToken = controlToken == null || controlToken.isEmpty() ? null : controlToken;
            if (controlToken != null && (controlToken.length() < MIN_TOKEN_LENGTH || controlToken.isBlank())) {
                // the length only: the value itself is never repeated
                throw new IllegalArgumentException("http.control_token: must be at least " + MIN_TOKEN_LENGTH
                        + " characters, got " + controlToken.length());
            }
        }

        @Override
        public String toString() {
            // a record's default toString would print the token wherever the config is logged or shown
            return "HttpConfig[host=" + host + ", port=" + port + ", controlToken="
                    + (controlToken == null ? "none" : "(set)") + "]";
        }
    }

    /**
     * @param enabled  sync on/off
     * @param broker   e.g. {@code tcp://broker:1883} or {@code ssl://broker:8883}
     * @param username optional
     * @param password optional (prefer the {@code INTAKE_EDGE_MQTT_PASSWORD} environment variable)
     * @param gzip     compress batches
     * @param outboxBudgetMb disk budget of the outbox
     * @param receipts keep outbox rows until the collector's end-to-end receipt (default true; false for a broker
     *                 without our collector: rows then leave on the broker's PUBACK, see docs/mqtt.md)
     * @param unreachableAlertS seconds without a broker connection before readiness names it (default 120; auth and
     *                 TLS refusals are named at once, as retrying does not cure them)
     * @param outboxAlertItems pending outbox items above which readiness names a growing outbox (default 10000)
     * @param tls      PEM CA, client certificate and key for an {@code ssl://} broker; null for the JVM's trust
     */
    public record SyncSettings(Boolean enabled, String broker, String username, String password, Boolean gzip,
                               Integer outboxBudgetMb, Boolean receipts, Integer unreachableAlertS,
                               Integer outboxAlertItems, TlsSettings tls) {
        static final SyncSettings DISABLED = new SyncSettings(false, null, null, null, false, 256, true);

        /** Settings with the default alert limits. */
        public SyncSettings(Boolean enabled, String broker, String username, String password, Boolean gzip,
                            Integer outboxBudgetMb, Boolean receipts) {
            this(enabled, broker, username, password, gzip, outboxBudgetMb, receipts, null, null, null);
        }

        public SyncSettings {
            enabled = enabled != null && enabled;
            gzip = gzip != null && gzip;
            receipts = receipts == null || receipts;
            outboxBudgetMb = outboxBudgetMb == null ? 256 : outboxBudgetMb;
            unreachableAlertS = unreachableAlertS == null ? 120 : unreachableAlertS;
            outboxAlertItems = outboxAlertItems == null ? 10_000 : outboxAlertItems;
            if (unreachableAlertS < 1 || outboxAlertItems < 1) {
                throw new IllegalArgumentException("sync.unreachable_alert_s and sync.outbox_alert_items must be >= 1,"
                        + " got " + unreachableAlertS + " and " + outboxAlertItems);
            }
            if (enabled && (broker == null || broker.isBlank())) {
                throw new IllegalArgumentException("sync.broker: required when sync is enabled");
            }
            if (broker != null && broker.indexOf('@') >= 0) {
                // refused even with sync off: the value would still be printed wherever the config is shown
                throw new IllegalArgumentException("sync.broker: must not carry credentials (user:password@host);"
                        + " set sync.username and sync.password (or INTAKE_EDGE_MQTT_PASSWORD) instead");
            }
        }

        @Override
        public String toString() {
            // a record's default toString would print the password wherever the config is logged or shown
            return "SyncSettings[enabled=" + enabled + ", broker=" + broker + ", username=" + username
                    + ", password=" + (password == null ? "none" : "(set)") + ", gzip=" + gzip + ", receipts="
                    + receipts + ", tls=" + tls + "]";
        }
    }

    /**
     * {@code sync.tls}: PEM files (relative paths are relative to station.yaml).
     *
     * @param caFile         CA certificate(s) the broker's certificate must chain to
     * @param certFile       client certificate, for brokers with {@code require_certificate true}
     * @param keyFile        its unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}); keep it mode 0600
     * @param verifyHostname default true; false accepts any certificate from the CA (logged as a warning)
     */
    public record TlsSettings(Path caFile, Path certFile, Path keyFile, Boolean verifyHostname) {
        public TlsSettings {
            verifyHostname = verifyHostname == null || verifyHostname;
        }

        TlsSettings resolvedAgainst(Path dir) {
            return new TlsSettings(caFile == null ? null : dir.resolve(caFile),
                    certFile == null ? null : dir.resolve(certFile), keyFile == null ? null : dir.resolve(keyFile),
                    verifyHostname);
        }
    }

    /**
     * @param fraction share of gate-passed frames kept as calibration JPEGs (0 turns it off)
     * @param maxFiles the oldest are deleted beyond this many
     */
    public record CalibrationSettings(Double fraction, Integer maxFiles) {
        static final CalibrationSettings DEFAULT = new CalibrationSettings(0.05, 2000);

        public CalibrationSettings {
            fraction = fraction == null ? 0.05 : fraction;
            maxFiles = maxFiles == null ? 2000 : maxFiles;
            if (!(fraction >= 0 && fraction <= 1) || maxFiles < 0) {
                throw new IllegalArgumentException("calibration: fraction must be in [0, 1] and max_files >= 0");
            }
        }
    }
}
