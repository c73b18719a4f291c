package io.intakeedge.profiles;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA Linux for Tegra release of a Jetson, from {@code /etc/nv_tegra_release}, whose first line reads
 * {@code # R36 (release), REVISION: 4.3, GCID: ..., BOARD: generic, EABI: aarch64, DATE: ...} for L4T 36.4.3.
 */
public record L4tRelease(int major, int minor, int patch) {

    private static final Pattern LINE =
            Pattern.compile("#\\s*R(\\d+)\\s*\\([^)]*\\),\\s*REVISION:\\s*(\\d+)(?:\\.(\\d+))?");
    /** L4T releases NVIDIA published with a JetPack number; others map by major release only. */
    private static final Map<String, String> JETPACK = Map.of(
            "36.2.0", "6.0 DP", "36.3.0", "6.0", "36.4.0", "6.1", "36.4.3", "6.2", "36.4.4", "6.2.1");

    /** The release in the file's text, empty when the first line is not in NVIDIA's format. */
    public static Optional<L4tRelease> parse(String text) {
        Matcher m = LINE.matcher(text == null ? "" : text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new L4tRelease(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    @JsonProperty("version")
    public String version() {
        return major + "." + minor + "." + patch;
    }

    /** The JetPack this L4T belongs to: exact for the releases in the table, by major release otherwise. */
    @JsonProperty("jetpack")
    public String jetpack() {
        String exact = JETPACK.get(version());
        if (exact != null) {
            return exact;
        }
        return switch (major) {
            case 32 -> "4.x";
            case 34, 35 -> "5.x";
            case 36 -> "6.x";
            default -> major > 36 ? "newer than 6" : "older than 4";
        };
    }

    /** JetPack 6 (L4T R36, Ubuntu 22.04, glibc 2.35) or newer: the first that runs the native stack (glibc 2.34+). */
    public boolean jetpack6OrNewer() {
        return major >= 36;
    }
}
