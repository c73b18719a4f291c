package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.sync.mqtt.SyncConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A child JVM station that only downloads: the real {@link BundleDelivery} on its own H2 file, as a station runs it.
 * Every 100 ms it prints {@code PERSISTED n} with the missing-block count its H2 row holds (what a restart would
 * resume from), so the parent can SIGKILL it once progress is on disk. Args: broker, site, device, data dir, sha256.
 */
public final class DownloadCrashChild {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[3]);
        AgentDatabase db = AgentDatabase.open(data);
        new TraceStore(db); // the agent migrations
        DownloadStore store = new DownloadStore(db);
        BundleDelivery delivery = new BundleDelivery(SyncConfig.builder(args[0], args[1], args[2]).build(),
                new BundleDelivery.Station(args[1], args[2], Set.of()), BundleDelivery.Settings.DEFAULTS, store,
                Files.createDirectories(data.resolve("bundle-downloads")),
                (job, archive) -> System.out.println("OFFERED " + archive), (severity, message) -> { });
        delivery.start();
        while (true) {
            Optional<DownloadStore.Row> row = store.find(args[4]);
            row.ifPresent(r -> System.out.println("PERSISTED " + r.blocksMissing()));
            System.out.flush();
            Thread.sleep(100);
        }
    }
}
