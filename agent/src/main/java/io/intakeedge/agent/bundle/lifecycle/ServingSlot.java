package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.pipeline.Serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The serving the pipeline decides with, switched only between two frames: the capture thread holds the frame lock
 * while it handles one frame ({@link #duringFrame}), and {@link #swap} takes the same lock. So no frame is decided
 * half by one bundle and half by another, no frame waits longer than one frame's work for a switch, none is dropped,
 * and the replaced serving is no longer in use when {@code swap} returns (the caller may close it).
 */
public final class ServingSlot implements Supplier<Optional<Serving>> {
    /** One frame's work, run under the frame lock. */
    @FunctionalInterface
    public interface FrameWork {
        void run() throws Exception;
    }

    private final ReentrantLock frameLock = new ReentrantLock();
    private final AtomicLong swaps = new AtomicLong();
    private volatile Serving current;

    public ServingSlot(Serving initial) {
        this.current = initial;
    }

    /** The serving of the frame being handled (read once per decision, under the frame lock). */
    @Override
    public Optional<Serving> get() {
        return Optional.ofNullable(current);
    }

    /** Runs one frame's handling; a swap waits until it is done. */
    public void duringFrame(FrameWork work) throws Exception {
        frameLock.lock();
        try {
            work.run();
        } finally {
            frameLock.unlock();
        }
    }

    /**
     * Serves {@code next} from the next frame on.
     *
     * @return the replaced serving, no longer in use by any frame
     */
    public Serving swap(Serving next) {
        frameLock.lock();
        try {
            Serving before = current;
            current = next;
            swaps.incrementAndGet();
            return before;
        } finally {
            frameLock.unlock();
        }
    }

    /** Switches made so far. */
    public long swaps() {
        return swaps.get();
    }
}
