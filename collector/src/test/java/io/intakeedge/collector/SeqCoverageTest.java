package io.intakeedge.collector;

import io.intakeedge.sync.protocol.SeqRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeqCoverageTest {

    @Test
    void overlappingAndNestedRangesLeaveOnlyTrueGaps() {
        SeqCoverage coverage = new SeqCoverage();
        coverage.cover(2, 2);
        coverage.cover(3, 10);   // compacted summary
        coverage.cover(5, 5);    // an item inside it
        coverage.cover(11, 11);
        coverage.cover(20, 20);
        assertThat(coverage.gaps()).containsExactly(new SeqRange(1, 1), new SeqRange(12, 19));
        assertThat(coverage.missing()).isEqualTo(9);
    }

    @Test
    void nothingCoveredMeansNothingKnownMissing() {
        assertThat(new SeqCoverage().gaps()).isEmpty();
    }

    @Test
    void backwardsRangeIsRejected() {
        assertThatThrownBy(() -> new SeqRange(5, 4)).hasMessageContaining("5..4");
    }
}
