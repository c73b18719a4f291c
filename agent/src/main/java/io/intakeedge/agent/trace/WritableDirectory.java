package io.intakeedge.agent.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Start-up check that a directory exists (or can be made) and really accepts files — not just claims to. */
final class WritableDirectory {
    private WritableDirectory() {
    }

    /**
     * Creates {@code dir} if needed and writes and deletes a probe file in it.
     *
     * @param what what the directory is for, used in the message ("data directory", "evidence directory")
     * @throws IOException saying which directory, for what, and why it can't be used
     */
    static Path require(Path dir, String what) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            // Files.isWritable() is not enough: it says yes for root on read-only mounts.
            Path probe = Files.createTempFile(absolute, ".write-probe-", ".tmp");
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
            return absolute;
        } catch (IOException e) {
            throw new IOException(what + " " + absolute + " is not writable (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); fix the path or its permissions", e);
        }
    }
}
