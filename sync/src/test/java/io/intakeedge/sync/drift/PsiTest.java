package io.intakeedge.sync.drift;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PsiTest {

    @Test
    void handComputedExample() {
        // a = 0.5, 0.3, 0.2 ; e = 0.4, 0.4, 0.2
        // (0.5-0.4)·ln(1.25) = 0.1 · 0.2231435513 = 0.0223143551
        // (0.3-0.4)·ln(0.75) = -0.1 · -0.2876820725 = 0.0287682072
        // (0.2-0.2)·ln(1)    = 0
        double psi = Psi.of(List.of(50L, 30L, 20L), List.of(40L, 40L, 20L));
        assertThat(psi).isCloseTo(0.0510825624, within(1e-9));
    }

    @Test
    void emptyBinUsesTheDocumentedEpsilon() {
        // a = 0 -> 1e-4, 1.0 ; e = 0.5, 0.5
        // (0.0001-0.5)·ln(0.0001/0.5) = -0.4999 · -8.5171931914 = 4.2577448764
        // (1.0-0.5)·ln(2)             =  0.5 · 0.6931471806    = 0.3465735903
        double psi = Psi.of(List.of(0L, 100L), List.of(50L, 50L));
        assertThat(Psi.EMPTY_BIN_PROPORTION).isEqualTo(1e-4);
        assertThat(psi).isCloseTo(4.6043184667, within(1e-8));
    }

    @Test
    void identicalProportionsGiveZeroEvenWithDifferentTotalsAndSharedEmptyBins() {
        assertThat(Psi.of(List.of(10L, 0L, 30L), List.of(100L, 0L, 300L))).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void psiIsNeverNegative() {
        assertThat(Psi.of(List.of(1L, 2L, 3L, 4L), List.of(4L, 3L, 2L, 1L))).isPositive();
    }

    @Test
    void rejectsDifferentBinsAndEmptyHistograms() {
        assertThatThrownBy(() -> Psi.of(List.of(1L, 2L), List.of(1L, 2L, 3L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same bins");
        assertThatThrownBy(() -> Psi.of(List.of(0L, 0L), List.of(1L, 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void seedBandsWithInclusiveWarningRange() {
        DriftSettings s = DriftSettings.defaults();
        assertThat(s.band(0.0)).isEqualTo(DriftStatus.OK);
        assertThat(s.band(0.0999)).isEqualTo(DriftStatus.OK);
        assertThat(s.band(0.1)).isEqualTo(DriftStatus.WARNING);
        assertThat(s.band(0.2)).isEqualTo(DriftStatus.WARNING);
        assertThat(s.band(0.2001)).isEqualTo(DriftStatus.CRITICAL);
    }

    @Test
    void numericBinsFollowTheDocumentedEdges() {
        DriftFeature b = DriftFeature.BRIGHTNESS;
        assertThat(b.numericBin(0.0)).isEqualTo(0);
        assertThat(b.numericBin(0.0999)).isEqualTo(0);
        assertThat(b.numericBin(0.1)).isEqualTo(1);
        assertThat(b.numericBin(0.95)).isEqualTo(9);
        assertThat(b.numericBin(1.0)).isEqualTo(9);
        DriftFeature u = DriftFeature.UNDER_EXPOSED_FRACTION;
        assertThat(u.numericBin(0.0005)).isEqualTo(0);
        assertThat(u.numericBin(0.003)).isEqualTo(1);
        assertThat(u.numericBin(0.3)).isEqualTo(7);
        assertThat(DriftFeature.ROUTE.categoryBin("brand_new_route")).isEqualTo(4);
    }

    @Test
    void settingsRejectWindowsThatCouldNeverBeJudged() {
        assertThatThrownBy(() -> new DriftSettings(java.time.Duration.ofMinutes(15), 100, 200, 0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSamples");
    }
}
