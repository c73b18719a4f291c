package io.intakeedge.agent.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake {@code /sys/class/thermal} and {@code /proc/self/status} below a temporary root. */
final class FakeHost {
    final Path root;

    FakeHost(Path root) {
        this.root = root;
    }

    /** Zone {@code n} of {@code type} at {@code celsius}. */
    FakeHost zone(int n, String type, double celsius) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone" + n));
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("temp"), Math.round(celsius * 1000) + "\n");
        return this;
    }

    /** Zone {@code n} whose temperature cannot be read (a power-gated Orin cv zone answers EIO; a directory does too). */
    FakeHost unreadableZone(int n, String type) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone" + n));
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.deleteIfExists(dir.resolve("temp"));
        Files.createDirectories(dir.resolve("temp"));
        return this;
    }

    FakeHost rssMb(long mb) throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/status"), "Name:\tjava\nVmPeak:\t 9999999 kB\nVmRSS:\t  "
                + mb * 1024 + " kB\nThreads:\t42\n");
        return this;
    }
}
