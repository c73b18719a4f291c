package io.intakeedge.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the files detection reads, the way the kernel and L4T lay them out, below a test directory. */
final class FakeTree {
    private final Path root;

    FakeTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code compatible} is NUL-separated and NUL-terminated, most specific entry first. */
    FakeTree compatible(String... entries) throws IOException {
        return write("proc/device-tree/compatible", String.join("\0", entries) + "\0");
    }

    FakeTree model(String model) throws IOException {
        return write("proc/device-tree/model", model + "\0");
    }

    FakeTree l4t(String release, String revision) throws IOException {
        return write("etc/nv_tegra_release", "# " + release + " (release), REVISION: " + revision
                + ", GCID: 38968081, BOARD: generic, EABI: aarch64, DATE: Wed Jan  8 01:49:37 UTC 2025\n"
                + "# KERNEL_VARIANT: oot\nTARGET_USERSPACE_LIB_DIR=nvidia\n");
    }

    FakeTree cpus(int count) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append("processor\t: ").append(i).append("\nBogoMIPS\t: 62.50\nCPU implementer\t: 0x41\n\n");
        }
        return write("proc/cpuinfo", s.toString());
    }

    FakeTree memory(long totalKb) throws IOException {
        return write("proc/meminfo", "MemTotal:       " + totalKb + " kB\nMemFree:         1000000 kB\n");
    }

    FakeTree zone(int n, String type, String temp) throws IOException {
        write("sys/class/thermal/thermal_zone" + n + "/type", type + "\n");
        if (temp != null) {
            write("sys/class/thermal/thermal_zone" + n + "/temp", temp + "\n");
        }
        return this;
    }

    FakeTree write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    HostFacts facts(String osArch) {
        return HostFacts.read(root, osArch);
    }
}
