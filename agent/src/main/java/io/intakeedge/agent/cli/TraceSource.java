package io.intakeedge.agent.cli;

import io.intakeedge.agent.config.StationConfigLoader;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.agent.trace.TraceStoreException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the {@code trace} commands read: the station's data directory, given directly or through its
 * {@code station.yaml}. A mixin, so each sub-command takes it after its own name.
 */
final class TraceSource {

    static final class Where {
        @Option(names = "--config", description = "the station's configuration (its data_dir is read)")
        Path config;

        @Option(names = "--data", description = "the station's data directory (holds intake-edge.mv.db)")
        Path data;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    /** The store, opened on the existing database. */
    Opened open() {
        Path dir = where.data != null ? where.data : StationConfigLoader.load(where.config).dataDir();
        if (!Files.isRegularFile(dir.resolve(AgentDatabase.FILE_NAME + ".mv.db"))) {
            throw new IllegalArgumentException("no station database in " + dir.toAbsolutePath() + " (expected "
                    + AgentDatabase.FILE_NAME + ".mv.db there)");
        }
        AgentDatabase db;
        try {
            db = AgentDatabase.open(dir);
        } catch (TraceStoreException e) {
            throw new IllegalStateException(lockedMessage(dir, e), e);
        }
        try {
            return new Opened(db, new TraceStore(db));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static String lockedMessage(Path dir, TraceStoreException e) {
        if (String.valueOf(e.getMessage()).contains("already in use")) {
            // H2's mixed mode (AUTO_SERVER) would let us in, but H2 refuses it together with DB_CLOSE_ON_EXIT=FALSE,
            // which the station needs to finish its last decision on SIGTERM; a read-only open needs the lock too.
            return "the database in " + dir.toAbsolutePath() + " is held by a running station (H2 file lock; "
                    + "H2 allows no second process, not even read-only, while the station has it open): stop the "
                    + "station to read its traces here, or read them centrally from the collector";
        }
        return e.getMessage();
    }

    /** The open database and its trace store; closing closes the database. */
    record Opened(AgentDatabase db, TraceStore store) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }
}
