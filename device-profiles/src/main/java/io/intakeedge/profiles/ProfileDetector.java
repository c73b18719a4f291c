package io.intakeedge.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the built-in profile for a machine from its {@link HostFacts}, saying why. Jetson Orin modules are told apart
 * by the board id in the device tree's compatible list (p3767 = Orin NX/Nano, p3701 = AGX Orin), then by the model
 * string; older Jetsons and JetPack 4/5 get the generic arm64 profile, because the native stack (JavaCPP's TFLite and
 * OpenCV builds) needs glibc 2.34 or newer, which only JetPack 6 (Ubuntu 22.04) has.
 */
public final class ProfileDetector {

    public static final String ORIN_NANO = "jetson-orin-nano";
    public static final String ORIN_NX = "jetson-orin-nx";
    public static final String AGX_ORIN = "jetson-agx-orin";
    public static final String GENERIC_X86_64 = "generic-linux-x86_64";
    public static final String GENERIC_ARM64 = "generic-linux-arm64";

    /** Orin's SoC; Xavier is tegra194, TX2 tegra186, Nano/TX1 tegra210 (JetPack 5 at most). */
    static final String TEGRA234 = "nvidia,tegra234";
    static final List<String> OLDER_TEGRA = List.of("nvidia,tegra194", "nvidia,tegra186", "nvidia,tegra210");
    /** p3767 module SKUs from NVIDIA's Jetson Linux developer guide (board names). */
    static final Map<String, String> P3767_SKUS = Map.of(
            "0000", ORIN_NX, "0001", ORIN_NX, "0003", ORIN_NANO, "0004", ORIN_NANO, "0005", ORIN_NANO);
    private static final Pattern BOARD = Pattern.compile("p(3767|3701)-(\\d{4})");

    private ProfileDetector() {
    }

    /** Which built-in profile fits, and why. */
    public record Detection(String id, List<String> reasons, List<String> warnings) {
        public Detection {
            reasons = List.copyOf(reasons);
            warnings = List.copyOf(warnings);
        }
    }

    /** The built-in profile for a machine with these facts; an unsupported architecture is an error. */
    public static Detection detect(HostFacts facts) {
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<String> older = OLDER_TEGRA.stream().filter(facts::isCompatible).findFirst();
        boolean oldL4t = facts.l4t().map(r -> !r.jetpack6OrNewer()).orElse(false);
        if (older.isPresent() || oldL4t) {
            String what = older.map(c -> "device-tree compatible lists " + c).orElseGet(() -> "L4T "
                    + facts.l4t().get().version() + " is JetPack " + facts.l4t().get().jetpack());
            reasons.add(what + ": a Jetson before JetPack 6");
            warnings.add(what + ": this JetPack (4/5) has glibc older than 2.34, which the native stack (TFLite, "
                    + "OpenCV) needs; flash JetPack 6 (L4T R36). Using " + GENERIC_ARM64 + ", CPU only");
            return new Detection(GENERIC_ARM64, reasons, warnings);
        }
        if (facts.isCompatible(TEGRA234)) {
            reasons.add("device-tree compatible lists " + TEGRA234 + " (Jetson Orin)");
            facts.l4t().ifPresentOrElse(
                    r -> reasons.add("L4T " + r.version() + " = JetPack " + r.jetpack()),
                    () -> warnings.add("no readable etc/nv_tegra_release: L4T version unknown, JetPack 6 assumed"));
            return new Detection(orinModule(facts, reasons, warnings), reasons, warnings);
        }
        return generic(facts, reasons, warnings);
    }

    private static String orinModule(HostFacts facts, List<String> reasons, List<String> warnings) {
        for (String entry : facts.compatible()) {
            Matcher m = BOARD.matcher(entry);
            while (m.find()) {
                String board = "p" + m.group(1) + "-" + m.group(2);
                String id = m.group(1).equals("3701") ? AGX_ORIN : P3767_SKUS.get(m.group(2));
                if (id != null) {
                    reasons.add("board id " + board + " (compatible " + entry + ") = " + id);
                    return id;
                }
                warnings.add("board id " + board + " is not a known Orin NX/Nano SKU; looking at the model");
            }
        }
        String model = facts.model().orElse("");
        for (var e : List.of(Map.entry("Orin Nano", ORIN_NANO), Map.entry("Orin NX", ORIN_NX),
                Map.entry("AGX Orin", AGX_ORIN))) {
            if (model.contains(e.getKey())) {
                reasons.add("device-tree model '" + model + "' names " + e.getKey());
                return e.getValue();
            }
        }
        // the smallest Orin's budgets are safe on the bigger ones; the reverse is not true
        warnings.add("Orin module not recognised (model '" + model + "', no known board id): using " + ORIN_NANO
                + ", the smallest Orin; name a profile in the station config to use more of the hardware");
        return ORIN_NANO;
    }

    private static Detection generic(HostFacts facts, List<String> reasons, List<String> warnings) {
        String id = switch (facts.arch()) {
            case "amd64" -> GENERIC_X86_64;
            case "aarch64" -> GENERIC_ARM64;
            default -> throw new ProfileException("no built-in device profile for architecture '" + facts.arch()
                    + "' (the natives ship for " + DeviceProfile.SUPPORTED_ARCHS + "); pass a profile file");
        };
        reasons.add("architecture " + facts.arch());
        warnings.add("no built-in profile for this hardware (device-tree model: " + facts.model().orElse("none")
                + "): using " + id + "; write a profile file to tune it");
        return new Detection(id, reasons, warnings);
    }
}
