package io.intakeedge.agent.trace;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child-process body for {@link TraceCrashTest}: stores traces, reports their ids, then halts the JVM without
 * closing anything — what a kill -9 or power-cut of the process looks like to H2.
 */
public final class HaltingWriter {
    private HaltingWriter() {
    }

    public static void main(String[] args) {
        AgentDatabase db = AgentDatabase.open(Path.of(args[0]));
        TraceStore store = new TraceStore(db);
        int count = Integer.parseInt(args[1]);
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        for (int i = 0; i < count; i++) {
            Trace trace = SampleTraces.priority(t0.plusMillis(i), i);
            store.store(trace);
            System.out.println("stored " + trace.traceId());
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
