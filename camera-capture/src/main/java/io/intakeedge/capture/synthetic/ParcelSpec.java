package io.intakeedge.capture.synthetic;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything random about one parcel of a scene, drawn from (scene seed, parcel index) alone so any parcel can be
 * rendered without rendering the ones before it.
 *
 * @param id          1-based parcel number
 * @param faceWidth   unrotated width of the parcel's top face in pixels
 * @param faceHeight  unrotated height in pixels
 * @param angleDeg    rotation on the belt
 * @param condition   photo condition
 * @param damage      damage kinds (empty when intact)
 * @param severity    0.55..1, scales damage size
 * @param blurSigma   Gaussian sigma for {@link Condition#BLURRED} (0 otherwise)
 * @param gain        whole-frame gain while the parcel is present (0.12..0.18 when dark, ~1 otherwise)
 * @param borderSide  for {@link Condition#OUT_OF_FRAME}: 0 top, 1 bottom, 2 left, 3 right; -1 otherwise
 * @param outside     fraction of the parcel beyond that border (0.25..0.45)
 * @param placeX      0..1, where across the free belt the parcel stops
 * @param placeY      0..1, where along the belt's width the parcel stops
 * @param renderSeed  seed for the drawing details (colour, tape, labels, damage geometry)
 */
public record ParcelSpec(long id, int faceWidth, int faceHeight, double angleDeg, Condition condition,
                         Set<DamageKind> damage, double severity, double blurSigma, double gain, int borderSide,
                         double outside, double placeX, double placeY, long renderSeed) {

    public ParcelSpec {
        damage = Set.copyOf(damage);
    }

    public boolean damaged() {
        return !damage.isEmpty();
    }

    /** Draws parcel {@code index} (0-based) of the scene. */
    public static ParcelSpec of(SceneConfig config, long index) {
        SplittableRandom rnd = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L
                + 0x632BE59BD9B4E019L);
        double scale = config.width() / 640.0;
        int w = (int) Math.round(rnd.nextInt(120, 221) * scale);
        int h = (int) Math.round(rnd.nextInt(95, 171) * scale);
        double angle = rnd.nextDouble(-20.0, 20.0);
        boolean damaged = rnd.nextDouble() < config.damagedFraction();
        Set<DamageKind> kinds = damaged ? damageKinds(rnd) : Set.of();
        double severity = rnd.nextDouble(0.55, 1.0);
        Condition condition = condition(config, rnd.nextDouble());
        double blurSigma = condition == Condition.BLURRED ? rnd.nextDouble(3.0, 4.5) : 0.0;
        double light = rnd.nextDouble(0.94, 1.06);
        double gain = condition == Condition.DARK ? rnd.nextDouble(0.12, 0.18) : light;
        int side = condition == Condition.OUT_OF_FRAME ? rnd.nextInt(4) : -1;
        double outside = rnd.nextDouble(0.25, 0.45);
        return new ParcelSpec(index + 1, w, h, angle, condition, kinds, severity, blurSigma, gain, side, outside,
                rnd.nextDouble(), rnd.nextDouble(), rnd.nextLong());
    }

    private static Set<DamageKind> damageKinds(SplittableRandom rnd) {
        DamageKind[] all = DamageKind.values();
        EnumSet<DamageKind> kinds = EnumSet.of(all[rnd.nextInt(all.length)]);
        if (rnd.nextDouble() < 0.35) {
            kinds.add(all[rnd.nextInt(all.length)]);
        }
        return kinds;
    }

    private static Condition condition(SceneConfig c, double u) {
        if (u < c.blurredFraction()) {
            return Condition.BLURRED;
        }
        if (u < c.blurredFraction() + c.darkFraction()) {
            return Condition.DARK;
        }
        if (u < c.blurredFraction() + c.darkFraction() + c.outOfFrameFraction()) {
            return Condition.OUT_OF_FRAME;
        }
        return Condition.USABLE;
    }
}
