package io.intakeedge.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What {@code intake-edge profile show} prints: the chosen profile id, why, the facts of the machine and the
 * effective values (after overrides), as text for an operator or as JSON for scripts.
 */
public final class ProfileReport {

    private ProfileReport() {
    }

    /** The report as a JSON tree: id, reasons, warnings, facts, profile. */
    public static ObjectNode tree(ProfileChoice choice) {
        ObjectNode root = ProfileLoader.YAML.createObjectNode();
        root.put("id", choice.profile().id());
        root.set("reasons", strings(choice.reasons()));
        root.set("warnings", strings(choice.warnings()));
        HostFacts f = choice.facts();
        ObjectNode facts = root.putObject("facts");
        facts.put("root", f.root().toString());
        facts.put("arch", f.arch());
        facts.set("compatible", strings(f.compatible()));
        facts.put("model", f.model().orElse(null));
        f.l4t().ifPresentOrElse(r -> facts.putObject("l4t").put("version", r.version()).put("jetpack", r.jetpack()),
                () -> facts.putNull("l4t"));
        facts.put("cpus", f.cpuCount());
        facts.put("mem_total_mb", f.memTotalMb());
        root.set("profile", ProfileLoader.YAML.valueToTree(choice.profile()));
        return root;
    }

    public static String json(ProfileChoice choice) {
        return tree(choice).toPrettyString();
    }

    /** Human-readable: the id and why first, then the facts, then the effective values as profile YAML. */
    public static String text(ProfileChoice choice) {
        StringBuilder s = new StringBuilder("profile: ").append(choice.profile().id()).append('\n');
        section(s, "why", choice.reasons());
        section(s, "warnings", choice.warnings());
        section(s, "facts", choice.facts().describe());
        s.append("effective values:\n");
        yaml(choice.profile()).lines().forEach(line -> s.append("  ").append(line).append('\n'));
        return s.toString();
    }

    /** The profile as a profile file: saved, it loads back as the same profile (a start for a tuned one). */
    public static String yaml(DeviceProfile profile) {
        try {
            return ProfileLoader.YAML.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new ProfileException("cannot write profile " + profile.id() + ": " + e.getMessage(), e);
        }
    }

    private static void section(StringBuilder s, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            s.append(title).append(":\n");
            lines.forEach(line -> s.append("  - ").append(line).append('\n'));
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = ProfileLoader.YAML.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
