package io.intakeedge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TraceText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code intake-edge trace show ID}: every field of one trace (all of its JSON, flattened, so a field added to the
 * trace shows up here without a change) and whether its evidence JPEG is on disk.
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show every field of one trace.")
final class TraceShowCommand extends TraceCommand.Sub {

    @Parameters(paramLabel = "ID", description = "trace id (a UUID, or its first characters as trace list shows)")
    String id;

    @Option(names = "--json", description = "the trace as JSON (docs/trace.md)")
    boolean json;

    @Override
    int run(TraceSource.Opened opened) {
        Trace t = one(opened, id);
        if (json) {
            out().println(TraceJson.toNode(t).toPrettyString());
            out().flush();
            return 0;
        }
        print("", TraceJson.toNode(t));
        out().printf("%-34s %s%n", "reason_detail", TraceText.reasonDetail(t));
        out().printf("%-34s %s%n", "evidence", evidence(t));
        out().flush();
        return 0;
    }

    private void print(String prefix, JsonNode node) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                print(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            out().printf("%-34s %s%n", prefix, node);
        } else {
            out().printf("%-34s %s%n", prefix, node.isNull() ? "null" : node.isObject() ? "{}" : node.asText());
        }
    }

    private static String evidence(Trace t) {
        if (t.evidencePath() == null) {
            return t.error() != null && t.error().contains("evidence not kept") ? "none kept: see error" : "none kept";
        }
        Path p = Path.of(t.evidencePath());
        return Files.isRegularFile(p) ? p + " (on disk)" : p + " (MISSING on this machine)";
    }
}
