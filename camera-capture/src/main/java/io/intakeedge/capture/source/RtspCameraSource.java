package io.intakeedge.capture.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IP camera's RTSP stream, read by an ffmpeg child process over TCP ({@code -rtsp_transport tcp}: no UDP ports
 * to open, no lost packets smearing frames) with a socket timeout, so a camera that goes silent makes ffmpeg give
 * up by itself as well as the watchdog. The socket timeout option is {@code -timeout} from FFmpeg 5 on and
 * {@code -stimeout} before (where {@code -timeout} meant "listen for a connection"); the installed version is asked
 * once. Credentials in the URL never appear in logs, reasons or frame origins ({@code user:***@}); they are on the
 * ffmpeg command line, visible to local users through {@code /proc} (ffmpeg has no other way to take them).
 */
public final class RtspCameraSource extends ChildProcessCameraSource {
    private static final Logger log = LoggerFactory.getLogger(RtspCameraSource.class);
    private static final Pattern VERSION = Pattern.compile("ffmpeg version n?(\\d+)\\.");
    private static final ConcurrentHashMap<String, Integer> MAJOR_VERSIONS = new ConcurrentHashMap<>();

    private final String ffmpeg;
    private final String url;
    private final String password;
    private final String shown;

    /**
     * @param url {@code rtsp://[user:password@]host[:port]/path}
     */
    public RtspCameraSource(String cameraId, String ffmpeg, String url, LiveCameraSettings settings,
                            ReconnectDelay delays) {
        super(cameraId, settings, delays);
        URI uri = parse(url);
        this.ffmpeg = ffmpeg;
        this.url = url;
        String userInfo = uri.getRawUserInfo();
        this.password = userInfo != null && userInfo.indexOf(':') >= 0
                ? userInfo.substring(userInfo.indexOf(':') + 1) : null;
        this.shown = password == null ? url : url.replace(userInfo, userInfo.substring(0, userInfo.indexOf(':'))
                + ":***");
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (!"rtsp".equalsIgnoreCase(uri.getScheme()) && !"rtsps".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("camera.url: expected rtsp://host[:port]/path, got a URL with"
                        + " scheme " + uri.getScheme() + " and host " + uri.getHost());
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("camera.url: not a URL (" + e.getReason() + ")");
        }
    }

    @Override
    protected List<String> command() {
        LiveCameraSettings s = settings();
        // ffmpeg's socket timeout is in microseconds; the watchdog restarts at twice the stall timeout anyway
        long micros = s.stallTimeout().multipliedBy(2).toNanos() / 1000;
        String timeoutOption = majorVersion(ffmpeg) >= 5 ? "-timeout" : "-stimeout";
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-rtsp_transport", "tcp", timeoutOption, Long.toString(micros),
                // a live stream: 1 s of probing finds the codec; the default 5 s only delays every (re)connect
                "-analyzeduration", "1000000", "-i", url));
        cmd.addAll(V4l2CameraSource.rawBgrOutput(s));
        return cmd;
    }

    @Override
    protected String describe() {
        return shown;
    }

    @Override
    protected String redact(String text) {
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    /** The major version of {@code ffmpeg}, asked once per binary; unknown (a git build): assumed current. */
    static int majorVersion(String ffmpeg) {
        return MAJOR_VERSIONS.computeIfAbsent(ffmpeg, RtspCameraSource::askVersion);
    }

    private static int askVersion(String ffmpeg) {
        try {
            Process p = new ProcessBuilder(ffmpeg, "-version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(out);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            log.info("ffmpeg version not recognised ({}); using the FFmpeg 5+ options",
                    out.lines().findFirst().orElse(""));
        } catch (IOException e) {
            log.warn("cannot run {} -version: {}; using the FFmpeg 5+ options", ffmpeg, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Integer.MAX_VALUE;
    }
}
