package io.intakeedge.sync.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Synthetic observations for drift tests: a deterministic stream of frames one second apart whose brightness is
 * normally distributed around a chosen mean. Daylight frames mostly pass the gate; dark (winter) frames often fail
 * it with {@code too_dark} and then carry no score, as the agent would report them.
 */
final class Frames {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final double DAYLIGHT = 0.55;
    static final double WINTER = 0.24;

    private Frames() {
    }

    static List<DriftObservation> daylight(String camera, Instant start, int n, long seed) {
        return generate(camera, start, n, seed, DAYLIGHT);
    }

    static List<DriftObservation> winter(String camera, Instant start, int n, long seed) {
        return generate(camera, start, n, seed, WINTER);
    }

    private static List<DriftObservation> generate(String camera, Instant start, int n, long seed,
                                                   double meanBrightness) {
        Random random = new Random(seed);
        List<DriftObservation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double brightness = clamp(meanBrightness + 0.08 * random.nextGaussian());
            double blur = clamp(0.2 + 0.07 * random.nextGaussian());
            double over = clamp(0.004 * random.nextDouble());
            // darker scenes clip more shadows: under-exposure grows as brightness falls
            double under = clamp((0.6 - brightness) * 0.05 * random.nextDouble());
            boolean tooDark = brightness < 0.28;
            Instant time = start.plus(Duration.ofSeconds(i));
            if (tooDark) {
                out.add(new DriftObservation(camera, time, brightness, blur, over, under, OptionalDouble.empty(),
                        "request_new_photo", List.of("too_dark")));
            } else {
                double score = clamp(random.nextDouble() < 0.1 ? 0.7 + 0.3 * random.nextDouble()
                        : 0.3 * random.nextDouble());
                String route = score >= 0.7 ? "priority_damage_review" : "normal_review";
                out.add(DriftObservation.scored(camera, time, brightness, blur, over, under, score, route));
            }
        }
        return out;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
