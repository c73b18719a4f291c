package io.intakeedge.sync.testing;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in agent process for the JVM-kill fault test: appends traces to its H2 outbox (in batches of 50, one
 * transaction each) until the device's sequence reaches {@code total}, while the publisher drains, then waits until
 * everything is acknowledged and exits 0. Restarted after {@code kill -9}, it continues from what its file holds.
 *
 * <p>Arguments: H2 file, broker URL, device id, total number of traces.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dbFile = Path.of(args[0]);
        long total = Long.parseLong(args[2 + 1]);
        try (AgentSide agent = new AgentSide(dbFile, args[1], args[2], Duration.ofSeconds(5))) {
            for (long last = agent.lastSeq(); last < total; last = agent.lastSeq()) {
                agent.appendTraces((int) Math.min(50, total - last));
                System.out.println("appended " + agent.lastSeq());
                Thread.sleep(5); // a stream, not a bulk load: the kill must land while rows are in flight
            }
            if (!agent.awaitDrained(Duration.ofSeconds(60))) {
                System.err.println("outbox not drained: " + agent.publisher().status());
                System.exit(2);
            }
            System.out.println("drained " + agent.publisher().status());
        }
        System.exit(0);
    }
}
