package io.intakeedge.agent.cli;

import io.intakeedge.agent.pipeline.DriftRecorder;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.sync.drift.ReferenceProfile;
import io.intakeedge.sync.drift.ReferenceProfileBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code intake-edge drift reference --data DIR --out FILE}: builds a drift reference profile from the decisions a
 * station stored during a known-good period, so a bundle can carry "what normal looks like" for this camera. The
 * agent must be stopped (H2 holds a file lock).
 */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Build a drift reference profile from a station's stored decisions.")
final class DriftReferenceCommand extends ToolCommand {

    @Option(names = "--data", required = true, description = "the station's data directory")
    Path data;

    @Option(names = "--out", required = true, description = "reference profile JSON to write")
    Path out;

    @Option(names = "--last", defaultValue = "5000", description = "use the most recent N decisions (default ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--camera", description = "only this camera")
    String camera;

    @Option(names = "--min", defaultValue = "200", description = "refuse with fewer decisions (default ${DEFAULT-VALUE})")
    int min;

    @Override
    protected int run() throws Exception {
        ReferenceProfileBuilder builder = new ReferenceProfileBuilder("station traces in " + data.toAbsolutePath(),
                "intake-edge drift reference " + Main.version());
        try (AgentDatabase db = AgentDatabase.open(data)) {
            for (Trace t : new TraceStore(db).recent(last)) {
                if (camera == null || camera.equals(t.cameraId())) {
                    DriftRecorder.observationOf(t).ifPresent(builder::add);
                }
            }
        }
        if (builder.count() < min) {
            throw new IllegalArgumentException("only " + builder.count() + " usable decisions in " + data
                    + " (need --min " + min + "): a reference from a few frames would raise false alarms");
        }
        ReferenceProfile profile = builder.build(Instant.now());
        profile.writeTo(out);
        out().printf("reference profile from %d decisions written to %s%n", builder.count(), out);
        out().flush();
        return OK;
    }
}
