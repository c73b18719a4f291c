package io.intakeedge.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the {@link DeviceProfile} a station runs with: a built-in profile by id, a profile file an operator wrote,
 * or the built-in profile that fits the machine ({@link ProfileDetector}), with single fields overridden from the
 * station config. Built-in profiles are YAML resources listed in {@code io/intakeedge/profiles/profiles.list}.
 */
public final class ProfileLoader {

    /** Old ids that still work, with a warning: they named an architecture, not an OS and architecture. */
    public static final Map<String, String> DEPRECATED_ALIASES = Map.of(
            "generic-x86_64", ProfileDetector.GENERIC_X86_64, "generic-arm64", ProfileDetector.GENERIC_ARM64);

    private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);
    private static final String RESOURCE_DIR = "/io/intakeedge/profiles/";
    /** The module's one mapper: YAML in, and the tree a profile is overridden on. */
    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private ProfileLoader() {
    }

    /** Ids of the profiles that ship with intake-edge, in listing order (aliases not included). */
    public static List<String> knownIds() {
        try (InputStream in = ProfileLoader.class.getResourceAsStream(RESOURCE_DIR + "profiles.list")) {
            if (in == null) {
                throw new ProfileException("built-in profile list " + RESOURCE_DIR + "profiles.list is missing");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new ProfileException("cannot read built-in profile list: " + e.getMessage(), e);
        }
    }

    /** The built-in profile with this id or deprecated alias; an unknown id is an error that lists the known ones. */
    public static DeviceProfile byId(String id) {
        String current = DEPRECATED_ALIASES.getOrDefault(id, id);
        List<String> known = knownIds();
        if (!known.contains(current)) {
            throw new ProfileException("unknown device profile '" + id + "'; known profiles: "
                    + String.join(", ", known) + " (or pass a profile file)");
        }
        String resource = RESOURCE_DIR + current + ".yaml";
        try (InputStream in = ProfileLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException("built-in profile '" + id + "' is listed but " + resource + " is missing");
            }
            DeviceProfile profile = parse(in.readAllBytes(), resource);
            if (!profile.id().equals(current)) {
                throw new ProfileException(resource + ": declares id '" + profile.id() + "' but is listed as '"
                        + current + "'");
            }
            return profile;
        } catch (IOException e) {
            throw new ProfileException("cannot read built-in profile " + resource + ": " + e.getMessage(), e);
        }
    }

    /** A profile from a YAML file, e.g. one an operator tuned for a station. */
    public static DeviceProfile fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("device profile file " + file + " does not exist or is not a file");
        }
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new ProfileException("cannot read device profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code auto}, an id or a file, on this machine; warnings are logged. */
    public static DeviceProfile resolve(String idOrFile) {
        return choose(ProfileRequest.of(idOrFile)).profile();
    }

    /** What the station config asks for, on this machine; warnings are logged. */
    public static ProfileChoice choose(ProfileRequest request) {
        ProfileChoice choice = choose(request, HostFacts.current());
        LOG.info("device profile '{}': {}", choice.profile().id(), String.join("; ", choice.reasons()));
        choice.warnings().forEach(w -> LOG.warn("device profile: {}", w));
        return choice;
    }

    /** What the station config asks for, on a machine with these facts. */
    public static ProfileChoice choose(ProfileRequest request, HostFacts facts) {
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String id = request.id();
        DeviceProfile base;
        if (id.equals("auto")) {
            ProfileDetector.Detection d = ProfileDetector.detect(facts);
            reasons.addAll(d.reasons());
            warnings.addAll(d.warnings());
            base = byId(d.id());
        } else if (isFile(id)) {
            base = fromFile(Path.of(id));
            reasons.add("profile file " + id + " named in the station config");
        } else {
            base = byId(id);
            reasons.add("profile " + id + " named in the station config");
            if (DEPRECATED_ALIASES.containsKey(id)) {
                warnings.add("profile id '" + id + "' is deprecated, use '" + DEPRECATED_ALIASES.get(id) + "'");
            }
        }
        DeviceProfile profile = override(base, request.overrides());
        if (!request.overrides().isEmpty()) {
            reasons.add("overridden in the station config: " + request.overrides());
        }
        if (facts.memTotalMb() > 0 && profile.memoryLimitMb() > facts.memTotalMb() / 2) {
            warnings.add("memory_limit_mb " + profile.memoryLimitMb() + " is more than half of this machine's "
                    + facts.memTotalMb() + " MiB (shared with the GPU on a Jetson)");
        }
        if (facts.cpuCount() > 1 && profile.inferenceThreads() >= facts.cpuCount()) {
            if (request.overrides().has("inference_threads")) {
                warnings.add("inference_threads " + profile.inferenceThreads() + " (station config) uses all "
                        + facts.cpuCount() + " CPUs, leaving none for capture and the agent");
            } else {
                // an interpreter thread waiting for a CPU that capture or a download holds stalls the whole invoke
                int threads = facts.cpuCount() - 1;
                reasons.add("inference_threads " + profile.inferenceThreads() + " would take all " + facts.cpuCount()
                        + " CPUs: using " + threads + ", one left for capture and the agent");
                profile = override(profile, YAML.createObjectNode().put("inference_threads", threads));
            }
        }
        return new ProfileChoice(profile, facts, reasons, warnings);
    }

    /** The profile with single fields replaced, checked like a profile file. */
    public static DeviceProfile override(DeviceProfile base, ObjectNode overrides) {
        if (overrides.isEmpty()) {
            return base;
        }
        ObjectNode tree = YAML.valueToTree(base);
        if (overrides.has("use_xnnpack") && !overrides.has("accelerators")) {
            // the legacy switch decides the order on its own; the base's list would contradict it
            tree.remove("accelerators");
        }
        overrides.fields().forEachRemaining(e -> {
            JsonNode old = tree.get(e.getKey());
            if (old instanceof ObjectNode o && e.getValue().isObject()) {
                o.setAll((ObjectNode) e.getValue().deepCopy());
            } else {
                tree.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return ProfileReader.read(tree, "profile '" + base.id() + "' with station config overrides " + overrides);
    }

    private static boolean isFile(String id) {
        return id.endsWith(".yaml") || id.endsWith(".yml") || id.contains("/");
    }

    /** Maps the other common spellings (x86_64, arm64) to Java's os.arch names used in profiles. */
    static String normalizeArch(String arch) {
        String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x64" -> "amd64";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }

    private static DeviceProfile parse(byte[] yaml, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ProfileException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProfileException(source + ": cannot read: " + e.getMessage(), e);
        }
        return ProfileReader.read(tree, source);
    }
}
