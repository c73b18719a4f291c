package io.intakeedge.sync.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Keeps one open drift window per camera and closes it when it reaches {@link DriftSettings#windowDuration()} or
 * {@link DriftSettings#windowMaxCount()}, whichever comes first. Each closed window is judged against the
 * reference profile, returned to the caller and handed to the listener.
 *
 * <p>Time is the observations' capture time, so replaying stored frames cuts the same windows as live capture.
 * An observation older than its window's start (a clock step back) is simply counted in the open window.
 * Thread-safe: cameras are independent (one lock each); windows of one camera reach the listener in order.
 */
public final class DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftSettings settings;
    private final DriftWindowListener listener;
    private final ConcurrentMap<String, OpenWindow> open = new ConcurrentHashMap<>();
    /** Read side: observing/closing (many at once); write side: swapping the reference (alone). */
    private final ReadWriteLock referenceLock = new ReentrantReadWriteLock();
    private Optional<ReferenceProfile> reference;

    /**
     * @param reference the active bundle's profile; empty makes every window say {@code reference: none}
     * @param listener  receives each closed window (use {@link DriftWindowListener#NONE} to rely on return values)
     */
    public DriftMonitor(DriftSettings settings, Optional<ReferenceProfile> reference, DriftWindowListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Counts one observation into its camera's window.
     *
     * @return the windows this closed (usually none; the camera's previous window when the observation is past
     *         its time limit; the current one when it reached the count limit)
     * @throws RuntimeException whatever the listener threw; the windows are already closed
     */
    public List<DriftWindow> observe(DriftObservation observation) {
        Objects.requireNonNull(observation, "observation");
        OpenWindow slot = open.computeIfAbsent(observation.cameraId(), id -> new OpenWindow());
        List<DriftWindow> closed = new ArrayList<>(1);
        referenceLock.readLock().lock();
        try {
            synchronized (slot) {
                if (slot.tally.first() != null && !observation.time().isBefore(deadline(slot.tally))) {
                    closed.add(close(observation.cameraId(), slot, WindowClose.TIME));
                }
                slot.tally.add(observation);
                if (slot.tally.observations() >= settings.windowMaxCount()) {
                    closed.add(close(observation.cameraId(), slot, WindowClose.COUNT));
                }
                notifyListener(closed);
            }
        } finally {
            referenceLock.readLock().unlock();
        }
        return closed;
    }

    /**
     * Closes every window whose time limit has passed by {@code now}. The agent calls this periodically, so an
     * idle station still reports its last window.
     */
    public List<DriftWindow> closeExpired(Instant now) {
        return closeAll(WindowClose.TIME, tally -> !now.isBefore(deadline(tally)));
    }

    /** Closes every open window (agent shutdown), judged against the current reference. */
    public List<DriftWindow> flush() {
        return closeAll(WindowClose.FLUSH, tally -> true);
    }

    /**
     * Switches to the reference of a newly activated bundle. Open windows are closed first against the old
     * reference, so no window mixes two references.
     *
     * @return the windows closed by the switch
     */
    public List<DriftWindow> replaceReference(Optional<ReferenceProfile> next) {
        Objects.requireNonNull(next, "next");
        referenceLock.writeLock().lock();
        try {
            List<DriftWindow> closed = closeAll(WindowClose.REFERENCE_CHANGE, tally -> true);
            reference = next;
            return closed;
        } finally {
            referenceLock.writeLock().unlock();
        }
    }

    public Optional<ReferenceProfile> reference() {
        referenceLock.readLock().lock();
        try {
            return reference;
        } finally {
            referenceLock.readLock().unlock();
        }
    }

    public DriftSettings settings() {
        return settings;
    }

    private List<DriftWindow> closeAll(WindowClose why, Predicate<FeatureTally> due) {
        List<DriftWindow> all = new ArrayList<>();
        referenceLock.readLock().lock();
        try {
            for (var e : open.entrySet()) {
                OpenWindow slot = e.getValue();
                synchronized (slot) {
                    if (slot.tally.first() != null && due.test(slot.tally)) {
                        List<DriftWindow> one = List.of(close(e.getKey(), slot, why));
                        notifyListener(one);
                        all.addAll(one);
                    }
                }
            }
        } finally {
            referenceLock.readLock().unlock();
        }
        return all;
    }

    /** Caller holds the slot's lock and the reference read lock. */
    private DriftWindow close(String cameraId, OpenWindow slot, WindowClose why) {
        DriftWindow window = WindowJudge.close(cameraId, slot.tally, why, reference, settings);
        slot.tally = new FeatureTally();
        LOG.debug("drift window closed: camera {} {} observations by {} -> {}", cameraId, window.count(),
                why.wireName(), window.status().wireName());
        return window;
    }

    /** A camera's open window; its monitor lock guards {@code tally}. */
    private static final class OpenWindow {
        private FeatureTally tally = new FeatureTally();
    }

    private Instant deadline(FeatureTally tally) {
        return tally.first().plus(settings.windowDuration());
    }

    private void notifyListener(List<DriftWindow> closed) {
        for (DriftWindow w : closed) {
            try {
                listener.onWindowClosed(w);
            } catch (RuntimeException e) {
                LOG.error("drift window listener failed for camera {} window {}..{} ({} observations, {})",
                        w.cameraId(), w.start(), w.end(), w.count(), w.status().wireName(), e);
                throw e;
            }
        }
    }
}
