package io.intakeedge.quantization.runtime;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a frame region becomes model input, pinned by the bundle under an id such as {@code parcel_rgb_64_v1}: the
 * region of interest grows by {@code roiMargin} (fraction of its size, each side, clamped to the frame), is resized
 * to {@code width × height} ({@link ResizeMode}), put in {@code colorOrder} and normalized per channel as
 * {@code value = (pixel − mean) / std}. Mean and std hold one value for all channels or one per tensor channel
 * (in {@code colorOrder}).
 */
public record PreprocessSpec(String id, int width, int height, ResizeMode resizeMode, float roiMargin,
                             ColorOrder colorOrder, List<Float> mean, List<Float> std) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    /** How the region is fitted to the input size. */
    public enum ResizeMode {
        /** Resize the whole region, changing its aspect ratio. */
        STRETCH,
        /** Cut the largest centred part with the input's aspect ratio, then resize. */
        CENTER_CROP
    }

    /** Channel order the model expects; frames arrive as BGR. */
    public enum ColorOrder { RGB, BGR }

    public PreprocessSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("preprocess id must be lower-case [a-z0-9_.-], was '" + id + "'");
        }
        if (width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("preprocess size must be 1..4096, was " + width + "x" + height);
        }
        if (!(roiMargin >= 0 && roiMargin <= 1)) {
            throw new IllegalArgumentException("roi margin must be 0..1, was " + roiMargin);
        }
        if (resizeMode == null || colorOrder == null) {
            throw new IllegalArgumentException("resize mode and color order are required");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        checkPerChannel("mean", mean);
        checkPerChannel("std", std);
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite, was " + std);
            }
        }
    }

    private static void checkPerChannel(String what, List<Float> values) {
        if (values.size() != 1 && values.size() != 3) {
            throw new IllegalArgumentException(what + " needs 1 or 3 values, had " + values.size());
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be finite, was " + values);
            }
        }
    }

    /** Mean of tensor channel {@code c} (0..2). */
    public float mean(int c) {
        return mean.get(mean.size() == 1 ? 0 : c);
    }

    /** Std of tensor channel {@code c} (0..2). */
    public float std(int c) {
        return std.get(std.size() == 1 ? 0 : c);
    }
}
