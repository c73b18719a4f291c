package io.intakeedge.capture.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Jetson CSI camera (or anything GStreamer can produce) through a {@code gst-launch-1.0} child process: the
 * pipeline, as the device profile's {@code camera_pipelines.csi} template renders it (e.g. {@code nvarguscamerasrc
 * sensor-id=0 ! ... ! videoconvert ! video/x-raw,format=BGR}), gets caps pinning the configured size and an
 * {@code fdsink} to stdout appended. CSI sensors deliver Bayer frames that OpenCV's V4L2 backend refuses; Argus
 * does the ISP work. A pipeline that cannot produce BGR at that size fails to negotiate and the process exits with
 * GStreamer's reason ({@code open_failed}).
 */
public final class CsiCameraSource extends ChildProcessCameraSource {
    private final String gstLaunch;
    private final String pipeline;

    /**
     * @param gstLaunch the {@code gst-launch-1.0} binary
     * @param pipeline  the rendered pipeline up to raw BGR caps, without a sink
     */
    public CsiCameraSource(String cameraId, String gstLaunch, String pipeline, LiveCameraSettings settings,
                           ReconnectDelay delays) {
        super(cameraId, settings, delays);
        if (pipeline == null || pipeline.isBlank()) {
            throw new IllegalArgumentException("camera " + cameraId + ": no GStreamer pipeline (set camera.pipeline or"
                    + " use a device profile with a camera_pipelines.csi template)");
        }
        this.gstLaunch = gstLaunch;
        this.pipeline = pipeline.strip();
    }

    /**
     * Fills a profile template's placeholders ({@code {sensor_id} {width} {height} {fps} {device} {url}}).
     */
    public static String render(String template, int sensorId, LiveCameraSettings s, String device, String url) {
        return template.replace("{sensor_id}", Integer.toString(sensorId))
                .replace("{width}", Integer.toString(s.width())).replace("{height}", Integer.toString(s.height()))
                .replace("{fps}", V4l2CameraSource.fps(s.fps()))
                .replace("{device}", device == null ? "" : device).replace("{url}", url == null ? "" : url);
    }

    @Override
    protected List<String> command() {
        LiveCameraSettings s = settings();
        // -q: without it gst-launch prints its progress to stdout, into the frames
        List<String> cmd = new ArrayList<>(List.of(gstLaunch, "-q"));
        cmd.addAll(Arrays.asList(pipeline.split("\\s+")));
        // a capsfilter element, not a caps string: gst-launch refuses two caps strings in a row
        cmd.addAll(List.of("!", "capsfilter", "caps=video/x-raw,format=BGR,width=" + s.width() + ",height="
                + s.height(), "!", "fdsink", "fd=1", "sync=false"));
        return cmd;
    }

    @Override
    protected String describe() {
        String first = pipeline.split("\\s+", 2)[0];
        return "gstreamer:" + first;
    }

    /** The whole pipeline as run, for logs and tests. */
    public String pipeline() {
        return pipeline;
    }
}
