package io.intakeedge.workbench.fleet;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The JVM's stop-the-world collections as they happen (wall-clock start, duration), so a benchmark can tell which of
 * its slow samples sat in a pause. Concurrent cycles (G1's, ZGC's) are not pauses and are left out.
 */
final class GcPauses implements AutoCloseable {
    /** One collection: when it started (epoch ms) and how long it took. */
    record Pause(String collector, long startMillis, long millis) {
    }

    private final List<Pause> pauses = new CopyOnWriteArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final NotificationListener listener = (n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!info.getGcName().contains("Concurrent") && !info.getGcName().contains("Cycles")) {
            pauses.add(new Pause(info.getGcName(), jvmStart + info.getGcInfo().getStartTime(),
                    info.getGcInfo().getDuration()));
        }
    };

    static GcPauses watch() {
        GcPauses g = new GcPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter e) {
                e.addNotificationListener(g.listener, null, null);
                g.emitters.add(e);
            }
        }
        return g;
    }

    void clear() {
        pauses.clear();
    }

    List<Pause> pauses() {
        return List.copyOf(pauses);
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added: nothing to remove
            }
        }
    }
}
