package io.intakeedge.agent.storage;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system for full-disk tests: a tmpfs of a few MiB mounted on a test directory, so H2 and the
 * evidence store meet a genuine ENOSPC. Mounting needs root (or CAP_SYS_ADMIN), which CI has; without it the test is
 * skipped with the reason (a loop-mounted image would need the same privilege).
 */
final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler.bin");
    }

    static SmallDisk mount(Path mountPoint, int sizeMb) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m,mode=0755", "tmpfs",
                mountPoint.toString());
        Assumptions.assumeTrue(out == null, () -> "cannot mount a " + sizeMb + " MiB tmpfs (needs root): " + out);
        return new SmallDisk(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    /** Writes a filler file until the file system refuses (ENOSPC); returns the bytes written. */
    long fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!full.getMessage().contains("No space left")) {
                throw full;
            }
        }
        return written;
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", mountPoint.toString());
        if (out != null) {
            throw new IOException("umount " + mountPoint + " failed: " + out);
        }
    }

    /** Runs a command; null when it succeeded, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
