package io.intakeedge.capture.synthetic;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ParcelRendererTest {
    private final ParcelRenderer renderer = new ParcelRenderer();

    @Test
    void spriteSizeMatchesTheRenderedSprite() {
        SceneConfig cfg = SceneConfig.standard(3);
        for (int p = 0; p < 10; p++) {
            ParcelSpec spec = ParcelSpec.of(cfg, p);
            try (ParcelSprite sprite = renderer.render(spec)) {
                Size expected = ParcelRenderer.spriteSize(spec);
                assertThat(sprite.width()).isEqualTo((int) expected.width);
                assertThat(sprite.height()).isEqualTo((int) expected.height);
                assertThat(Core.countNonZero(sprite.mask()))
                        .isGreaterThan((int) (0.85 * spec.faceWidth() * spec.faceHeight()));
            }
        }
    }

    /** Each kind of damage, at the lowest severity, still changes a clear patch of a 64x64 thumbnail. */
    @Test
    void everyDamageKindStaysVisibleAt64x64() {
        SceneConfig cfg = SceneConfig.standard(5);
        for (int p = 0; p < 8; p++) {
            ParcelSpec base = ParcelSpec.of(cfg, p);
            for (DamageKind kind : DamageKind.values()) {
                ParcelSpec intact = copy(base, Set.of());
                ParcelSpec damaged = copy(base, Set.of(kind));
                try (ParcelSprite a = renderer.render(intact); ParcelSprite b = renderer.render(damaged)) {
                    Mat ta = thumbnail(a);
                    Mat tb = thumbnail(b);
                    Mat diff = new Mat();
                    Core.absdiff(ta, tb, diff);
                    Imgproc.threshold(diff, diff, 40, 255, Imgproc.THRESH_BINARY);
                    assertThat(Core.countNonZero(diff)).as("%s on parcel %d", kind, p).isGreaterThanOrEqualTo(20);
                }
            }
        }
    }

    private static ParcelSpec copy(ParcelSpec s, Set<DamageKind> damage) {
        return new ParcelSpec(s.id(), s.faceWidth(), s.faceHeight(), s.angleDeg(), s.condition(), damage, 0.55,
                s.blurSigma(), s.gain(), s.borderSide(), s.outside(), s.placeX(), s.placeY(), s.renderSeed());
    }

    private static Mat thumbnail(ParcelSprite sprite) {
        Mat grey = new Mat();
        Mat masked = new Mat(sprite.image().size(), sprite.image().type(), org.opencv.core.Scalar.all(0));
        sprite.image().copyTo(masked, sprite.mask());
        Imgproc.cvtColor(masked, grey, Imgproc.COLOR_BGR2GRAY);
        Mat small = new Mat();
        Imgproc.resize(grey, small, new Size(64, 64), 0, 0, Imgproc.INTER_AREA);
        return small;
    }
}
