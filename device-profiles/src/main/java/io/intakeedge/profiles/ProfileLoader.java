package io.intakeedge.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds the {@link DeviceProfile} a station runs with: a built-in profile by id, a profile file an operator wrote,
 * or the built-in profile that fits the machine. Built-in profiles are YAML resources listed in
 * {@code io/intakeedge/profiles/profiles.list}.
 */
public final class ProfileLoader {

    /** Built-in profile used on a Jetson (device-tree model starts with "NVIDIA Jetson"). */
    public static final String JETSON_PROFILE = "jetson-orin-nano";
    public static final String GENERIC_X86_64 = "generic-x86_64";
    public static final String GENERIC_ARM64 = "generic-arm64";

    private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);
    private static final String RESOURCE_DIR = "/io/intakeedge/profiles/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ProfileLoader() {
    }

    /** Ids of the profiles that ship with intake-edge, in listing order. */
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

    /** The built-in profile with this id; an unknown id is an error that lists the known ones. */
    public static DeviceProfile byId(String id) {
        List<String> known = knownIds();
        if (!known.contains(id)) {
            throw new ProfileException("unknown device profile '" + id + "'; known profiles: "
                    + String.join(", ", known) + " (or pass a profile file)");
        }
        String resource = RESOURCE_DIR + id + ".yaml";
        try (InputStream in = ProfileLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException("built-in profile '" + id + "' is listed but " + resource + " is missing");
            }
            return parse(in.readAllBytes(), resource, id);
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
            return parse(Files.readAllBytes(file), file.toString(), null);
        } catch (IOException e) {
            throw new ProfileException("cannot read device profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A profile id, a path to a YAML file (anything ending in .yaml/.yml or containing a '/'), or "auto" for
     * {@link #detect()}: the one entry point the CLI and the station config need.
     */
    public static DeviceProfile resolve(String idOrFile) {
        if (idOrFile == null || idOrFile.isBlank() || idOrFile.equals("auto")) {
            return detect();
        }
        if (idOrFile.endsWith(".yaml") || idOrFile.endsWith(".yml") || idOrFile.contains("/")) {
            return fromFile(Path.of(idOrFile));
        }
        return byId(idOrFile);
    }

    /** The built-in profile that fits this machine. */
    public static DeviceProfile detect() {
        HostInfo host = HostInfo.current();
        DeviceProfile profile = byId(detectId(host));
        LOG.info("device profile '{}' detected (os.arch={}, model={})", profile.id(), host.osArch(),
                host.deviceTreeModel().orElse("-"));
        return profile;
    }

    /** Which built-in profile fits a machine with these facts. */
    public static String detectId(HostInfo host) {
        if (host.deviceTreeModel().map(model -> model.contains("NVIDIA Jetson")).orElse(false)) {
            return JETSON_PROFILE;
        }
        return switch (normalizeArch(host.osArch())) {
            case "amd64" -> GENERIC_X86_64;
            case "aarch64" -> GENERIC_ARM64;
            default -> throw new ProfileException("no built-in device profile for architecture '" + host.osArch()
                    + "'; known profiles: " + String.join(", ", knownIds()) + " (or pass a profile file)");
        };
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

    private static DeviceProfile parse(byte[] yaml, String source, String expectedId) {
        DeviceProfile profile;
        try {
            profile = YAML.readValue(yaml, DeviceProfile.class);
        } catch (ValueInstantiationException e) {
            // validation failure inside the record constructor: surface our own message
            Throwable cause = e.getCause() instanceof ProfileException ? e.getCause() : e;
            throw new ProfileException(source + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ProfileException(source + ": not a valid device profile" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProfileException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (profile == null) {
            throw new ProfileException(source + ": empty device profile");
        }
        if (expectedId != null && !expectedId.equals(profile.id())) {
            throw new ProfileException(source + ": declares id '" + profile.id() + "' but is listed as '"
                    + expectedId + "'");
        }
        return profile;
    }
}
