package io.intakeedge.capture.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server on loopback for the tests: {@code rtsp_server.py} (gst-rtsp-server through Debian's
 * python3-gi and gir1.2-gst-rtsp-server-1.0) serving a moving test picture as RTP/JPEG. ffmpeg itself can only
 * receive RTSP ({@code -rtsp_flags listen} accepts a publisher), not serve it to a client the way a camera does.
 */
final class RtspTestServer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private final int port;
    private final String launch;
    private Process process;

    RtspTestServer(String launch) throws IOException {
        this.port = freePort();
        this.launch = launch;
    }

    /** A moving, noisy picture (videotestsrc snow) at {@code fps}, 160x120, JPEG over RTP. */
    static String snow(int fps) {
        return "( videotestsrc is-live=true pattern=snow ! video/x-raw,format=I420,width=160,height=120,framerate="
                + fps + "/1 ! jpegenc ! rtpjpegpay name=pay0 )";
    }

    /** Whether the server can run here (python3-gi and gst-rtsp-server's introspection data installed). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0'); "
                    + "from gi.repository import GstRtspServer").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "rtsp://127.0.0.1:" + port + "/cam";
    }

    int port() {
        return port;
    }

    /** Starts (or restarts, on the same port) the server and waits until it listens. */
    RtspTestServer start() throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(RtspTestServer.class.getResource("/rtsp/rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        process = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(port), "/cam", launch)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IOException("RTSP test server did not start on port " + port + " (said " + line + ")");
        }
        return this;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, like pulling a camera's cable: no goodbye on the connection. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
