package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/** Moves hot-folder files into {@code done/} or {@code failed/} without ever overwriting an earlier file. */
final class FileMover {
    private FileMover() {
    }

    /** Moves {@code file} into {@code targetDir} under a free name; with a reason, writes it next to the file. */
    static void move(Path file, Path targetDir, String reason) throws CaptureException {
        Path target = freeName(targetDir, file.getFileName().toString());
        try {
            if (reason != null) {
                Path reasonFile = target.resolveSibling(target.getFileName() + ".reason.txt");
                Files.writeString(reasonFile, "file: " + file + "\ntime: " + Instant.now() + "\nreason: " + reason
                        + "\n", StandardCharsets.UTF_8);
            }
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CaptureException("cannot move " + file + " to " + targetDir + ": " + e
                    + " (the file stays in the hot folder)", e);
        }
    }

    /** {@code name}, or {@code name-1}, {@code name-2} ... before the extension: never overwrite an earlier file. */
    private static Path freeName(Path dir, String name) {
        Path candidate = dir.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; Files.exists(candidate) || Files.exists(dir.resolve(candidate.getFileName() + ".reason.txt"));
             n++) {
            candidate = dir.resolve(stem + "-" + n + ext);
        }
        return candidate;
    }
}
