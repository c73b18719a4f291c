package io.intakeedge.capture.bench;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.source.CsiCameraSource;
import io.intakeedge.capture.source.LiveCameraSettings;
import io.intakeedge.capture.source.ReconnectDelay;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reading a live camera through a child process costs the agent: a gst-launch-1.0 videotestsrc at 640x480 and
 * 1280x720, 30 fps, for 10 s each, side by side; the agent JVM's CPU per delivered frame (pipe read, health checks,
 * copy into a Mat) and the frames it dropped. Run with
 * {@code mvn -o -pl camera-capture -am test -Dgroups=benchmark -DexcludedGroups=none -Dtest=LiveCameraBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class LiveCameraBenchmark {
    private static final ReconnectDelay FIXED = new ReconnectDelay() {
        @Override
        public long nextMillis() {
            return 500;
        }

        @Override
        public void reset() {
        }
    };

    @Test
    void agentSideCostPerFrame() throws Exception {
        run(640, 480, 3); // warm-up
        String vga = run(640, 480, 10);
        String hd = run(1280, 720, 10);
        System.out.println("live camera (gst-launch videotestsrc snow, 30 fps, 10 s):\n" + vga + "\n" + hd);
    }

    private static String run(int w, int h, int seconds) throws Exception {
        String pipeline = "videotestsrc is-live=true pattern=snow ! video/x-raw,width=" + w + ",height=" + h
                + ",framerate=30/1 ! videoconvert ! video/x-raw,format=BGR";
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (var source = new CsiCameraSource("bench", "gst-launch-1.0", pipeline, LiveCameraSettings.of(w, h, 30),
                FIXED)) {
            Optional<Frame> first = source.next();
            first.orElseThrow().close();
            long cpu0 = os.getProcessCpuTime();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long frames = 0;
            while (System.nanoTime() < end) {
                try (Frame f = source.next().orElseThrow()) {
                    frames++;
                }
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            assertThat(frames).isPositive();
            return String.format(Locale.ROOT, "  %dx%d: %d frames delivered (%.1f fps), %d dropped, %d withheld, "
                            + "agent JVM CPU %.2f ms per frame (%.0f %% of one core)", w, h, frames,
                    frames / (double) seconds, source.framesDropped(), source.framesWithheld(), cpu / 1e6 / frames,
                    cpu / 1e7 / seconds);
        }
    }
}
