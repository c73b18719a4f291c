package io.intakeedge.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts about a machine that profile detection looks at, read below a root directory ({@code /} on a station, a
 * fake tree in tests and for {@code profile show --root}). A missing or unreadable file is simply an absent fact.
 *
 * @param root        the directory the files were read below
 * @param arch        CPU architecture (Java's os.arch names: amd64, aarch64)
 * @param compatible  {@code proc/device-tree/compatible} entries, most specific first (empty without a device tree)
 * @param model       {@code proc/device-tree/model}
 * @param l4t         {@code etc/nv_tegra_release}
 * @param cpuCount    online CPUs ({@code processor} lines of {@code proc/cpuinfo}); 0 when unknown
 * @param memTotalMb  {@code MemTotal} of {@code proc/meminfo} in MiB; 0 when unknown
 */
public record HostFacts(Path root, String arch, List<String> compatible, Optional<String> model,
                        Optional<L4tRelease> l4t, int cpuCount, long memTotalMb) {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");
    private static final Pattern PROCESSOR = Pattern.compile("(?m)^processor\\s*:");

    public HostFacts {
        arch = ProfileLoader.normalizeArch(arch);
        compatible = List.copyOf(compatible);
    }

    /** The machine this JVM runs on. */
    public static HostFacts current() {
        return read(Path.of("/"), System.getProperty("os.arch", ""));
    }

    /** The facts below {@code root}; {@code osArch} stands for {@code uname -m}, which no file holds. */
    public static HostFacts read(Path root, String osArch) {
        List<String> compatible = text(root.resolve("proc/device-tree/compatible"))
                .map(s -> Arrays.stream(s.split("\0")).map(String::trim).filter(c -> !c.isEmpty()).toList())
                .orElse(List.of());
        Optional<String> model = text(root.resolve("proc/device-tree/model"))
                .map(s -> s.replace("\0", "").trim()).filter(s -> !s.isEmpty());
        Optional<L4tRelease> l4t = text(root.resolve("etc/nv_tegra_release")).flatMap(L4tRelease::parse);
        int cpus = text(root.resolve("proc/cpuinfo")).map(s -> (int) PROCESSOR.matcher(s).results().count())
                .orElse(0);
        long memMb = text(root.resolve("proc/meminfo")).map(MEM_TOTAL::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1)) / 1024).orElse(0L);
        return new HostFacts(root, osArch, compatible, model, l4t, cpus, memMb);
    }

    /** Whether {@code proc/device-tree/compatible} lists this entry, e.g. {@code nvidia,tegra234}. */
    public boolean isCompatible(String entry) {
        return compatible.contains(entry);
    }

    /** One line per fact, for {@code profile show} and logs. */
    public List<String> describe() {
        return List.of("root: " + root,
                "arch: " + arch,
                "device-tree compatible: " + (compatible.isEmpty() ? "-" : String.join(", ", compatible)),
                "device-tree model: " + model.orElse("-"),
                "L4T: " + l4t.map(r -> r.version() + " (JetPack " + r.jetpack() + ")").orElse("-"),
                "CPUs: " + (cpuCount == 0 ? "unknown" : cpuCount),
                "memory: " + (memTotalMb == 0 ? "unknown" : memTotalMb + " MiB"));
    }

    private static Optional<String> text(Path file) {
        try {
            return Files.isReadable(file)
                    ? Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            // a file that vanished or cannot be read is an absent fact, not a reason to refuse to start
            return Optional.empty();
        }
    }
}
