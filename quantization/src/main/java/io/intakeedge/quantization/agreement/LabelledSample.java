package io.intakeedge.quantization.agreement;

import java.util.Objects;
import java.util.Set;

/**
 * One input the agreement gate runs through both models.
 *
 * @param id        stable id to name the sample in a report (file name, trace id)
 * @param input     model input exactly as both runners take it (e.g. normalized NHWC floats)
 * @param goldLabel true class index, or {@link #UNLABELLED}
 * @param slices    tags of the slices the sample belongs to, e.g. "dark", "bright", "camera:dock3-left"
 */
public record LabelledSample(String id, float[] input, int goldLabel, Set<String> slices) {

    /** Gold label of a sample whose true class is not known. */
    public static final int UNLABELLED = -1;

    public LabelledSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        slices = Set.copyOf(slices);
        if (goldLabel < UNLABELLED) {
            throw new IllegalArgumentException("sample " + id + ": gold label must be >= 0 or -1, got " + goldLabel);
        }
    }

    public boolean labelled() {
        return goldLabel != UNLABELLED;
    }
}
