package io.intakeedge.capture.source;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the external programs a live-camera test runs are installed. */
final class Tools {
    private Tools() {
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
