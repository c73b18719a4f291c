package io.intakeedge.collector;

/** Additions that stop at {@link Long#MAX_VALUE}: a report shows "very many", it does not throw. */
final class Saturating {
    private Saturating() {
    }

    static long add(long a, long b) {
        long sum = a + b;
        // overflow only when both operands have the sign the sum lacks
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
