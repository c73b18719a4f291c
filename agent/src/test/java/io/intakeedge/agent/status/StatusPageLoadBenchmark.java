package io.intakeedge.agent.status;

import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.pipeline.LatencyStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Does watching the station slow it down? The live synthetic scene, paced like a camera at 25 fps, is decided for
 * 750 frames (30 s, about 29 parcels), once quiet and once while 100 requests a second hit {@code /api/status} and 5
 * page clients each hold the {@code /api/live} stream and fetch {@code /api/live.jpg} 4 times a second. A station
 * that cannot keep up with its camera falls behind the pace (the source does not make up lost time), so the frame
 * and decision rates drop. Runs alternate quiet / loaded twice; the figures are printed side by side. Goal (issue 12): decision rate drops by less than 3 %, capture-thread p99 at most
 * 1.1x. The load generator runs in the same JVM and shares the cores, so the figure is, if anything, pessimistic.
 *
 * <pre>mvn -B -o -pl agent -am test -Dtest=StatusPageLoadBenchmark -Dgroups=benchmark -DexcludedGroups=none
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("benchmark")
class StatusPageLoadBenchmark {
    private static final int FRAMES = 750;
    private static final int STATUS_PER_SECOND = 100;
    private static final int LIVE_CLIENTS = 5;
    private static final Duration LIVE_PERIOD = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private record Run(String name, long frames, long decisions, double seconds, LatencyStats.Summary captureThread,
                       long requests, long failedRequests, long liveEncoded, long liveDropped) {
        double decisionsPerSecond() {
            return decisions / seconds;
        }

        double framesPerSecond() {
            return frames / seconds;
        }
    }

    @Test
    void decisionRateAndCaptureThreadP99WithAndWithoutPageLoad() throws Exception {
        run("warm-up", true, 250); // JIT, TFLite and H2 warm; not reported
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            runs.add(run("quiet-" + round, false, FRAMES));
            runs.add(run("loaded-" + round, true, FRAMES));
        }
        System.out.println("\nrun        frames  decisions  seconds  frames/s  decisions/s  capture p50 ms  p95 ms  "
                + "p99 ms  requests (failed)  live encoded/dropped");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-9s  %6d  %9d  %7.2f  %8.1f  %11.2f  %14.3f  %6.3f  %6.3f  %8d (%d)  "
                            + "%d/%d%n", r.name(), r.frames(), r.decisions(), r.seconds(), r.framesPerSecond(),
                    r.decisionsPerSecond(), r.captureThread().p50(), r.captureThread().p95(), r.captureThread().p99(),
                    r.requests(), r.failedRequests(), r.liveEncoded(), r.liveDropped());
        }
        double quietRate = runs.stream().filter(r -> r.name().startsWith("quiet")).mapToDouble(Run::framesPerSecond)
                .average().orElseThrow();
        double loadedRate = runs.stream().filter(r -> r.name().startsWith("loaded"))
                .mapToDouble(Run::framesPerSecond).average().orElseThrow();
        double quietP99 = runs.stream().filter(r -> r.name().startsWith("quiet"))
                .mapToDouble(r -> r.captureThread().p99()).average().orElseThrow();
        double loadedP99 = runs.stream().filter(r -> r.name().startsWith("loaded"))
                .mapToDouble(r -> r.captureThread().p99()).average().orElseThrow();
        System.out.printf(Locale.ROOT, "frame rate drop under load: %.1f %% (goal < 3 %%); capture-thread p99 "
                + "loaded/quiet: %.2fx (goal <= 1.1x)%n%n", 100 * (1 - loadedRate / quietRate), loadedP99 / quietP99);
        runs.stream().filter(r -> r.name().startsWith("loaded")).forEach(r -> {
            assertThat(r.requests()).as("the load really ran").isGreaterThan(100);
            assertThat(r.liveEncoded()).as("live view frames were encoded").isPositive();
        });
    }

    private Run run(String name, boolean load, int frames) throws Exception {
        var camera = new StationConfig.CameraConfig("cam-1", "synthetic-live", null, 21L, frames, "presentation",
                null);
        var config = new StationConfig("site-a", "bench-" + name, "dock-1", "generic-x86_64", camera,
                LiveAgent.BUNDLE, dir.resolve(name), new StationConfig.HttpConfig("127.0.0.1", 0), null, null);
        try (StationAgent agent = new StationAgent(config)) {
            Load generator = new Load();
            long start = System.nanoTime();
            int port = agent.start();
            if (load) {
                generator.start(port);
            }
            assertThat(agent.awaitEnd(Duration.ofMinutes(10))).as(name + " ended").isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            generator.stop();
            var status = agent.status();
            return new Run(name, status.camera().framesRead(), status.decisions(), seconds,
                    agent.latency().summaries().get("capture_thread"), generator.done.get(), generator.failed.get(),
                    agent.liveView().encoded(), agent.liveView().dropped());
        }
    }

    /** 100 req/s on /api/status and 5 page clients (live stream + live.jpg 4/s each). */
    private static final class Load {
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        // HTTP/1.1 like a tablet's browser on plain http (the JDK client would otherwise multiplex everything over
        // one h2c connection and run out of streams)
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private ScheduledExecutorService timer;

        void start(int port) {
            timer = Executors.newScheduledThreadPool(2);
            String base = "http://127.0.0.1:" + port;
            timer.scheduleAtFixedRate(() -> send(base + "/api/status"), 0, 1_000_000 / STATUS_PER_SECOND,
                    TimeUnit.MICROSECONDS);
            for (int c = 0; c < LIVE_CLIENTS; c++) {
                http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/live")).build(),
                        HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body()
                        .takeWhile(l -> running.get()).forEach(l -> { }));
                timer.scheduleAtFixedRate(() -> send(base + "/api/live.jpg"), c * 50L, LIVE_PERIOD.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        private void send(String url) {
            http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                        if (e == null && r.statusCode() == 200) {
                            done.incrementAndGet();
                        } else if (failed.incrementAndGet() == 1) {
                            System.out.println("first failed request: " + url + ": "
                                    + (e != null ? e : "HTTP " + r.statusCode()));
                        }
                    });
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (timer != null) {
                timer.shutdownNow();
                timer.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
