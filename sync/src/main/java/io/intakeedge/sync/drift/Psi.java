package io.intakeedge.sync.drift;

import java.util.List;

/**
 * Population Stability Index between an actual and an expected (reference) histogram over the same bins:
 * {@code PSI = Σ (a_i − e_i) · ln(a_i / e_i)} with {@code a_i}, {@code e_i} the bins' proportions.
 *
 * <p>A bin that is empty on either side would make the logarithm infinite, so its proportion is taken as
 * {@link #EMPTY_BIN_PROPORTION} (0.01 %) instead. The proportions are not renormalised afterwards: the
 * substitution is meant to bound one bin's contribution, not to redistribute mass. With this epsilon a bin holding
 * 5 % on one side and nothing on the other contributes about 0.05 · ln(500) ≈ 0.31, i.e. critical on its own,
 * which is the intended reading of "a bin that used to be populated is now empty".
 */
public final class Psi {

    /** Proportion used for an empty bin. */
    public static final double EMPTY_BIN_PROPORTION = 1e-4;

    private Psi() {
    }

    /** PSI of {@code actual} against {@code expected}; both must be non-empty and have the same bins. */
    public static double of(List<Long> actual, List<Long> expected) {
        if (actual.size() != expected.size()) {
            throw new IllegalArgumentException("PSI needs the same bins on both sides: " + actual.size()
                    + " vs " + expected.size() + " bins");
        }
        double actualTotal = sum(actual);
        double expectedTotal = sum(expected);
        if (actualTotal == 0 || expectedTotal == 0) {
            throw new IllegalArgumentException("PSI of an empty histogram is undefined (actual total "
                    + actualTotal + ", expected total " + expectedTotal + ")");
        }
        double psi = 0;
        for (int i = 0; i < actual.size(); i++) {
            double a = proportion(actual.get(i), actualTotal);
            double e = proportion(expected.get(i), expectedTotal);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static double proportion(long count, double total) {
        return count == 0 ? EMPTY_BIN_PROPORTION : count / total;
    }

    private static double sum(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
