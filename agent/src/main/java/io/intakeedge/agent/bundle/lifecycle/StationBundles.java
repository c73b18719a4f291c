package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.archive.ReleaseInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which bundle a station starts with: the store's active bundle when there is one (after {@link BundleStore#open}
 * repaired whatever a crash left), else the configured bundle directory, adopted as the first active bundle.
 */
public final class StationBundles {
    private StationBundles() {
    }

    /** The bundle to start serving and what the store had to repair on the way. */
    public record Start(Bundle bundle, BundleStore.Stored stored, String note) {
    }

    public static Start open(BundleStore store, Path configured) throws BundleException, IOException {
        if (store.active().isPresent()) {
            BundleStore.Stored active = store.active().get();
            Bundle bundle = BundleLoader.load(store.dirOf(active));
            return new Start(bundle, active, store.recovery().orElse("resumed " + active.name() + " from the store"));
        }
        Bundle bundle = BundleLoader.load(configured);
        long sequence = Files.isRegularFile(configured.resolve(ReleaseInfo.FILE))
                ? ReleaseInfo.read(configured).sequence() : 0;
        BundleStore.Stored stored = new BundleStore.Stored(configured.toAbsolutePath().normalize().toString(),
                sequence, bundle.displayName());
        store.adopt(stored);
        return new Start(bundle, stored, "adopted the configured bundle " + bundle.displayName() + " (sequence "
                + sequence + ")");
    }
}
