package io.intakeedge.sync.drift;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a reference profile came from, so an operator can judge whether "drift" means the cameras changed or the
 * reference was poor.
 *
 * @param observations how many observations (frames) it was built from
 * @param periodStart  capture time of the earliest of them
 * @param periodEnd    capture time of the latest of them
 * @param cameras      the cameras they came from, sorted
 * @param builtAt      when the profile was built
 * @param builtBy      the tool and version that built it, e.g. {@code intake-edge 0.1.0 ReferenceProfileBuilder}
 * @param source       free text: which site/period was known good, e.g. {@code dock-a 2026-11-01..07 day shift}
 */
public record Provenance(long observations, Instant periodStart, Instant periodEnd, List<String> cameras,
                         Instant builtAt, String builtBy, String source) {

    public Provenance {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(builtAt, "builtAt");
        Objects.requireNonNull(builtBy, "builtBy");
        Objects.requireNonNull(source, "source");
        cameras = cameras.stream().sorted().toList();
        if (observations < 1) {
            throw new IllegalArgumentException("a reference profile needs at least one observation, got "
                    + observations);
        }
        if (periodEnd.isBefore(periodStart)) {
            throw new IllegalArgumentException("period ends (" + periodEnd + ") before it starts (" + periodStart
                    + ")");
        }
    }
}
