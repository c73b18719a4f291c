package io.intakeedge.agent.cli;

import io.intakeedge.agent.calibration.CalibrationExport;
import io.intakeedge.agent.calibration.CalibrationManifest;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code intake-edge calibration export}: a seeded random sample of the frames the station accepted, as a calibration
 * set for {@code quantize} and {@code model agreement}. The agent must be stopped (H2 locks its database file).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a random sample of accepted frames (with manifest.json) for re-quantization.")
public final class CalibrationExportCommand extends ToolCommand {

    @Option(names = "--data", paramLabel = "DATA_DIR", required = true, description = "the station's data directory")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "new or empty directory for the set")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "200",
            description = "frames to export (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    protected int run() throws Exception {
        if (!Files.isRegularFile(data.resolve(AgentDatabase.FILE_NAME + ".mv.db"))) {
            throw new IllegalArgumentException("no trace database in " + data + " (expected "
                    + AgentDatabase.FILE_NAME + ".mv.db)");
        }
        AgentDatabase db;
        try {
            db = AgentDatabase.open(data);
        } catch (TraceStoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try (db) {
            CalibrationExport.Result result = new CalibrationExport(data, db, Clock.systemUTC())
                    .export(out, count, seed);
            Map<String, Integer> perRoute = new TreeMap<>();
            result.manifest().frames().forEach(f -> perRoute.merge(f.route(), 1, Integer::sum));
            out().printf("exported %d of %d accepted frames to %s (seed %d): %s%n", result.manifest().frames().size(),
                    result.candidates(), out, seed, perRoute);
            out().println("manifest: " + out.resolve(CalibrationManifest.FILE_NAME));
            result.skipped().forEach(s -> err().println("skipped " + s));
            out().flush();
            err().flush();
            return OK;
        }
    }
}
