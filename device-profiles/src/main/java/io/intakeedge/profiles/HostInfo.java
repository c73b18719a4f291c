package io.intakeedge.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The facts about the machine that profile auto-detection looks at. A value type so detection can be tested with
 * the facts of a Jetson on any build machine.
 *
 * @param osArch          Java's {@code os.arch} (amd64, aarch64, ...)
 * @param deviceTreeModel contents of {@code /proc/device-tree/model} without the trailing NUL, empty when absent
 */
public record HostInfo(String osArch, Optional<String> deviceTreeModel) {

    static final Path DEVICE_TREE_MODEL = Path.of("/proc/device-tree/model");

    /** The machine this JVM runs on. */
    public static HostInfo current() {
        return new HostInfo(System.getProperty("os.arch", ""), readModel(DEVICE_TREE_MODEL));
    }

    static Optional<String> readModel(Path file) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            // the kernel writes the model as a NUL-terminated C string
            String model = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\0", "").trim();
            return model.isEmpty() ? Optional.empty() : Optional.of(model);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
