package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.config.StationConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A real agent on the live synthetic scene (25 fps, the demo bundle) and a small HTTP client for the tests. */
final class LiveAgent implements AutoCloseable {
    static final Path BUNDLE = Path.of("..", "bundles", "demo");
    static final ObjectMapper JSON = new ObjectMapper();

    final StationAgent agent;
    final int port;
    final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    LiveAgent(Path dir, Path bundle) throws Exception {
        this(dir, bundle, "synthetic-live", 0);
    }

    /** @param frames stop after this many frames (0: never) */
    LiveAgent(Path dir, Path bundle, String source, int frames) throws Exception {
        this(dir, bundle, source, frames, "dev-1", null);
    }

    /** The live scene with sync settings (a device id of its own, so runs do not share an outbox sequence). */
    LiveAgent(Path dir, Path bundle, String device, StationConfig.SyncSettings sync) throws Exception {
        this(dir, bundle, "synthetic-live", 0, device, sync, null);
    }

    /** The live scene with control actions enabled by {@code controlToken} (and sync, may be null). */
    LiveAgent(Path dir, Path bundle, String device, StationConfig.SyncSettings sync, String controlToken)
            throws Exception {
        this(dir, bundle, "synthetic-live", 0, device, sync, controlToken);
    }

    private LiveAgent(Path dir, Path bundle, String source, int frames, String device,
                      StationConfig.SyncSettings sync) throws Exception {
        this(dir, bundle, source, frames, device, sync, null);
    }

    private LiveAgent(Path dir, Path bundle, String source, int frames, String device,
                      StationConfig.SyncSettings sync, String controlToken) throws Exception {
        dataDir = dir.resolve("data");
        var camera = new StationConfig.CameraConfig("cam-1", source, null, 21L, frames, "presentation", null);
        agent = new StationAgent(new StationConfig("site-a", device, "dock-1", "generic-x86_64", camera, bundle,
                dataDir, new StationConfig.HttpConfig("127.0.0.1", 0, controlToken), sync, null));
        port = agent.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether {@code path} answers 200 now (false on any error, for polling). */
    boolean get200(String path) {
        try {
            return get(path).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Sends {@code request} built against this agent's address. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        agent.close();
    }
}
