package io.intakeedge.capture.synthetic;

/**
 * Parameters of a synthetic conveyor scene. The same config (seed included) always yields the same pixels.
 * Each parcel takes {@code framesEmptyBetween} empty-belt frames, {@code framesSliding} frames sliding in,
 * {@code framesStill} frames standing still, {@code framesSliding} frames sliding out; the scene ends with
 * {@code framesEmptyBetween} empty frames after the last parcel.
 *
 * @param seed               everything random derives from it
 * @param width              frame width in pixels
 * @param height             frame height in pixels
 * @param framesEmptyBetween empty-belt frames before each parcel (and after the last)
 * @param framesSliding      frames a parcel needs to slide in (and again to slide out)
 * @param framesStill        frames a parcel stands still
 * @param maxParcels         how many parcels the scene presents
 * @param damagedFraction    probability that a parcel is damaged (independent of its condition)
 * @param blurredFraction    probability of {@link Condition#BLURRED}
 * @param darkFraction       probability of {@link Condition#DARK}
 * @param outOfFrameFraction probability of {@link Condition#OUT_OF_FRAME}; the rest is {@link Condition#USABLE}
 */
public record SceneConfig(long seed, int width, int height, int framesEmptyBetween, int framesSliding,
                          int framesStill, int maxParcels, double damagedFraction, double blurredFraction,
                          double darkFraction, double outOfFrameFraction) {

    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 480;

    public SceneConfig {
        if (width < 320 || height < 240) {
            throw new IllegalArgumentException("scene must be at least 320x240, got " + width + "x" + height);
        }
        if (framesEmptyBetween < 1 || framesSliding < 1 || framesStill < 1 || maxParcels < 0) {
            throw new IllegalArgumentException("frame counts must be >= 1 and maxParcels >= 0: empty="
                    + framesEmptyBetween + " sliding=" + framesSliding + " still=" + framesStill
                    + " maxParcels=" + maxParcels);
        }
        checkFraction("damagedFraction", damagedFraction);
        checkFraction("blurredFraction", blurredFraction);
        checkFraction("darkFraction", darkFraction);
        checkFraction("outOfFrameFraction", outOfFrameFraction);
        if (blurredFraction + darkFraction + outOfFrameFraction > 1.0 + 1e-9) {
            throw new IllegalArgumentException("blurred + dark + outOfFrame fractions exceed 1: "
                    + (blurredFraction + darkFraction + outOfFrameFraction));
        }
    }

    /** The demo mix: 40 % damaged; 15 % blurred, 10 % dark, 10 % out of frame, the rest usable; 50 parcels. */
    public static SceneConfig standard(long seed) {
        return new SceneConfig(seed, DEFAULT_WIDTH, DEFAULT_HEIGHT, 6, 4, 12, 50, 0.40, 0.15, 0.10, 0.10);
    }

    /** Mostly usable photos for training a damage classifier: 50 % damaged, 90 % usable; 500 parcels. */
    public static SceneConfig trainingMix(long seed) {
        return new SceneConfig(seed, DEFAULT_WIDTH, DEFAULT_HEIGHT, 6, 4, 12, 500, 0.50, 0.04, 0.03, 0.03);
    }

    public SceneConfig withMaxParcels(int parcels) {
        return new SceneConfig(seed, width, height, framesEmptyBetween, framesSliding, framesStill, parcels,
                damagedFraction, blurredFraction, darkFraction, outOfFrameFraction);
    }

    public SceneConfig withSeed(long newSeed) {
        return new SceneConfig(newSeed, width, height, framesEmptyBetween, framesSliding, framesStill, maxParcels,
                damagedFraction, blurredFraction, darkFraction, outOfFrameFraction);
    }

    /** Frames from the first empty frame of one parcel to the first empty frame of the next. */
    public int framesPerParcel() {
        return framesEmptyBetween + 2 * framesSliding + framesStill;
    }

    /** Total frames of the scene: every parcel's cycle plus the trailing empty frames. */
    public long totalFrames() {
        return (long) maxParcels * framesPerParcel() + framesEmptyBetween;
    }

    private static void checkFraction(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in 0..1, got " + value);
        }
    }
}
