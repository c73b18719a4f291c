package io.intakeedge.sync.outbox;

import java.nio.file.Path;

/** Child JVM for {@link OutboxCrashTest}: commits traces, reports each commit, then halts without closing H2. */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        OutboxTestDb db = new OutboxTestDb(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"));
        for (int i = 0; i < n; i++) {
            long seq = db.commitTrace(outbox, Priority.TRACE, "normal_review", 200);
            System.out.println("committed " + seq);
        }
        System.out.flush();
        Runtime.getRuntime().halt(137); // like kill -9: no shutdown hook, H2 is not closed
    }
}
