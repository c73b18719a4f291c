package io.intakeedge.sync.testing;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes; for asynchronous delivery in broker tests. */
public final class Eventually {

    /** A check that may throw (e.g. a database query). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** Returns true as soon as {@code condition} holds, false when {@code timeout} passed without it holding. */
    public static boolean await(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.holds()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
