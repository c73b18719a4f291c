package io.intakeedge.agent.bundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bundle the agent serves with now, plus the one before it. Swaps are atomic: a decision that reads
 * {@link #current()} once sees one whole bundle — model, preprocessing, labels, thresholds and fallback together —
 * never a mix. {@link #rollback()} restores the previous bundle as a whole (seed 001).
 *
 * <p>History is one step deep: after a rollback there is nothing further to roll back to, so a bad bundle can't
 * come back by a second rollback. Thread-safe.
 */
public final class ActiveBundle {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveBundle.class);

    /** Current and previous travel in one reference so a swap can't tear them apart. */
    private record State(Bundle current, Bundle previous) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(null, null));

    /** Starts empty: decisions fail closed ({@code model_unavailable}) until a bundle is activated. */
    public ActiveBundle() {
    }

    /** Starts serving {@code initial}. */
    public ActiveBundle(Bundle initial) {
        activate(initial);
    }

    /** The bundle to decide with, or empty when none is loaded (fail closed). Read once per decision. */
    public Optional<Bundle> current() {
        return Optional.ofNullable(state.get().current());
    }

    /** The bundle a rollback would restore. */
    public Optional<Bundle> previous() {
        return Optional.ofNullable(state.get().previous());
    }

    /**
     * Serves {@code next} from now on; the bundle it replaces becomes the rollback target.
     *
     * @return the replaced bundle, if any
     */
    public Optional<Bundle> activate(Bundle next) {
        Objects.requireNonNull(next, "next");
        State before = state.getAndUpdate(s -> new State(next, s.current()));
        LOG.info("activated bundle {} (model sha256 {}), replacing {}", next.displayName(), next.model().sha256(),
                before.current() == null ? "none" : before.current().displayName());
        return Optional.ofNullable(before.current());
    }

    /**
     * Serves nothing from now on: decisions fail closed. What a station's first bundle rolls back to (there was no
     * bundle before it); the cleared bundle becomes the rollback target.
     */
    public void clear() {
        State before = state.getAndUpdate(s -> new State(null, s.current()));
        LOG.warn("no bundle decides any more (was {}): every parcel fails closed",
                before.current() == null ? "none" : before.current().displayName());
    }

    /**
     * Serves the previous bundle again, as a whole.
     *
     * @return the restored bundle
     * @throws BundleException when there is no previous bundle to return to (the current one stays active)
     */
    public Bundle rollback() throws BundleException {
        State before = state.get();
        while (true) {
            if (before.previous() == null) {
                throw new BundleException("no previous bundle to roll back to; still serving "
                        + (before.current() == null ? "none" : before.current().displayName()));
            }
            State after = new State(before.previous(), null);
            if (state.compareAndSet(before, after)) {
                LOG.warn("rolled back from bundle {} to {}", before.current().displayName(),
                        after.current().displayName());
                return after.current();
            }
            before = state.get();
        }
    }
}
