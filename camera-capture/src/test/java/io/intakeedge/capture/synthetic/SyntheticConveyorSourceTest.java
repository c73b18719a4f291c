package io.intakeedge.capture.synthetic;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticConveyorSourceTest {

    private static final SceneConfig SMALL = SceneConfig.standard(42).withMaxParcels(6);

    @Test
    void sameSeedGivesIdenticalPixelsAndRandomAccessMatchesTheStream() {
        try (SyntheticConveyorSource a = new SyntheticConveyorSource(SMALL);
             SyntheticConveyorSource b = new SyntheticConveyorSource(SMALL)) {
            Optional<Frame> next;
            int compared = 0;
            while ((next = a.next()).isPresent()) {
                try (Frame fromStream = next.get(); Frame fromOther = b.next().orElseThrow()) {
                    assertThat(maxDifference(fromStream.image(), fromOther.image())).isZero();
                    assertThat(fromStream.origin()).isEqualTo(fromOther.origin())
                            .isEqualTo("synthetic:seed=42:frame=" + fromStream.index());
                    assertThat(fromStream.capturedAt()).isEqualTo(fromOther.capturedAt());
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(a.frameCount()).isEqualTo(SMALL.totalFrames());
            assertThat(b.next()).isEmpty();
            // random access after the stream, backwards: the same pixels again
            try (Frame again = a.frameAt(a.middleStillFrame(3)); Frame original = freshFrame(a.middleStillFrame(3))) {
                assertThat(maxDifference(again.image(), original.image())).isZero();
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentScenes() {
        try (SyntheticConveyorSource a = new SyntheticConveyorSource(SMALL);
             SyntheticConveyorSource b = new SyntheticConveyorSource(SMALL.withSeed(43));
             Frame fa = a.frameAt(a.middleStillFrame(0)); Frame fb = b.frameAt(b.middleStillFrame(0))) {
            assertThat(maxDifference(fa.image(), fb.image())).isGreaterThan(50);
        }
    }

    @Test
    void framesAreBgr640x480() {
        try (SyntheticConveyorSource s = new SyntheticConveyorSource(SMALL); Frame f = s.frameAt(0)) {
            assertThat(f.width()).isEqualTo(640);
            assertThat(f.height()).isEqualTo(480);
            assertThat(f.image().channels()).isEqualTo(3);
            assertThat(f.cameraId()).isEqualTo("synthetic-cam");
        }
    }

    @Test
    void eachParcelArrivesStandsStillAndLeavesBetweenEmptyBelt() {
        try (SyntheticConveyorSource s = new SyntheticConveyorSource(SMALL)) {
            for (long i = 0; i < SMALL.framesEmptyBetween(); i++) {
                assertThat(s.truthOf(i)).isEmpty();
            }
            List<Phase> phases = new ArrayList<>();
            long parcel = 0;
            for (long i = 0; i < s.frameCount(); i++) {
                Optional<ParcelTruth> t = s.truthOf(i);
                if (t.isEmpty()) {
                    continue;
                }
                if (t.get().parcelId() != parcel) {
                    assertThat(t.get().parcelId()).isEqualTo(parcel + 1);
                    assertThat(t.get().phase()).isEqualTo(Phase.ARRIVING);
                    parcel = t.get().parcelId();
                    phases.clear();
                }
                if (phases.isEmpty() || phases.get(phases.size() - 1) != t.get().phase()) {
                    phases.add(t.get().phase());
                }
                assertThat(phases).isSubsetOf(Phase.ARRIVING, Phase.STILL, Phase.LEAVING);
                assertThat(t.get().box().area()).isPositive();
            }
            assertThat(parcel).isEqualTo(SMALL.maxParcels());
            assertThat(s.truthOf(s.frameCount() - 1)).isEmpty();
            assertThat(s.truthOf(s.frameCount())).isEmpty();
        }
    }

    @Test
    void stillBoxesAreInsideTheFrameExactlyWhenTheParcelIsNotOutOfFrame() {
        SceneConfig many = SceneConfig.standard(7).withMaxParcels(80);
        try (SyntheticConveyorSource s = new SyntheticConveyorSource(many)) {
            int outOfFrame = 0;
            for (int p = 0; p < many.maxParcels(); p++) {
                ParcelTruth t = s.truthOf(s.middleStillFrame(p)).orElseThrow();
                assertThat(t.phase()).isEqualTo(Phase.STILL);
                boolean inside = touchesNoBorder(t.box(), many.width(), many.height());
                assertThat(inside).as("parcel %d %s box %s", t.parcelId(), t.condition(), t.box())
                        .isEqualTo(t.condition() != Condition.OUT_OF_FRAME);
                outOfFrame += t.condition() == Condition.OUT_OF_FRAME ? 1 : 0;
            }
            assertThat(outOfFrame).isPositive();
        }
    }

    @Test
    void conditionAndDamageMixFollowTheConfig() {
        SceneConfig cfg = SceneConfig.standard(99).withMaxParcels(4000);
        int[] counts = new int[Condition.values().length];
        int damaged = 0;
        for (int p = 0; p < cfg.maxParcels(); p++) {
            ParcelSpec spec = ParcelSpec.of(cfg, p);
            counts[spec.condition().ordinal()]++;
            damaged += spec.damaged() ? 1 : 0;
        }
        double n = cfg.maxParcels();
        assertThat(damaged / n).isBetween(0.37, 0.43);
        assertThat(counts[Condition.BLURRED.ordinal()] / n).isBetween(0.13, 0.17);
        assertThat(counts[Condition.DARK.ordinal()] / n).isBetween(0.08, 0.12);
        assertThat(counts[Condition.OUT_OF_FRAME.ordinal()] / n).isBetween(0.08, 0.12);
        SceneConfig training = SceneConfig.trainingMix(99);
        assertThat(1 - training.blurredFraction() - training.darkFraction() - training.outOfFrameFraction())
                .isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void maxFramesCutsTheScene() {
        try (SyntheticConveyorSource s = new SyntheticConveyorSource(SMALL, "cam-7", 10)) {
            int n = 0;
            while (s.next().map(f -> {
                f.close();
                return true;
            }).orElse(false)) {
                n++;
            }
            assertThat(n).isEqualTo(10);
            assertThatThrownBy(() -> s.frameAt(10)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void invalidConfigIsRejectedWithTheReason() {
        assertThatThrownBy(() -> new SceneConfig(1, 640, 480, 6, 4, 12, 5, 0.4, 0.6, 0.3, 0.2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed 1");
        assertThatThrownBy(() -> new SceneConfig(1, 640, 480, 0, 4, 12, 5, 0.4, 0.1, 0.1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty=0");
        assertThatThrownBy(() -> new SceneConfig(1, 640, 480, 6, 4, 12, 5, 1.4, 0.1, 0.1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damagedFraction");
    }

    private static Frame freshFrame(long index) {
        try (SyntheticConveyorSource s = new SyntheticConveyorSource(SMALL)) {
            return s.frameAt(index);
        }
    }

    static boolean touchesNoBorder(Box b, int width, int height) {
        return b.x() > 0 && b.y() > 0 && b.x() + b.width() < width && b.y() + b.height() < height;
    }

    static double maxDifference(Mat a, Mat b) {
        return Core.norm(a, b, Core.NORM_INF);
    }
}
