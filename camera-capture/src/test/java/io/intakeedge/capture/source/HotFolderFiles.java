package io.intakeedge.capture.source;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Files dropped into, and read back from, a hot folder under test. */
final class HotFolderFiles {
    private HotFolderFiles() {
    }

    /** Writes {@code name} as if dropped a while ago: past the source's "still being written" age. */
    static void write(Path folder, String name, byte[] bytes) throws IOException {
        Path p = folder.resolve(name);
        Files.write(p, bytes);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(5)));
    }

    /** Why the source refused {@code name} (its {@code failed/<name>.reason.txt}). */
    static String reason(Path folder, String name) throws IOException {
        return Files.readString(folder.resolve("failed").resolve(name + ".reason.txt"));
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** {@code image} encoded as {@code ext} ({@code .jpg}, {@code .png}). */
    static byte[] encode(String ext, Mat image) {
        MatOfByte buf = new MatOfByte();
        assertThat(Imgcodecs.imencode(ext, image, buf)).isTrue();
        return buf.toArray();
    }
}
