package io.intakeedge.workbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./intake-edge demo} without {@code --frames}, as a separate JVM: it prints the page's address, the page
 * answers and the decisions keep coming until Ctrl-C (SIGINT), then it
 * closes cleanly.
 */
class DemoLiveTest {
    private static final Pattern ADDRESS = Pattern.compile("status page: (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void liveDemoServesThePageUntilStopped() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--no-sync", "--bundle", Path.of("..", "bundles", "demo").toString(),
                "--data", dir.resolve("data").toString()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            String address = awaitLine(lines, ADDRESS, Duration.ofSeconds(90));
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Recent decisions");
            // more parcels than one 1200-frame run of the old demo would be cut at is not waited for; a few will do
            awaitLine(lines, Pattern.compile("parcel +5 "), Duration.ofSeconds(60));
            assertThat(p.isAlive()).as("the live demo keeps running").isTrue();
        } finally {
            // SIGINT, as Ctrl-C sends (Process.destroy() would close the output we still want to read)
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            boolean stopped = p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            reader.join(5000);
            assertThat(stopped).as("stops within 60 s of Ctrl-C").isTrue();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("stopped after "));
    }

    private static String awaitLine(List<String> lines, Pattern pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                Matcher m = pattern.matcher(l);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : l;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line matching " + pattern + " within " + timeout + "; output:\n"
                + String.join("\n", lines));
    }
}
