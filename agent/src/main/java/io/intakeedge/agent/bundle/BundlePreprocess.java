package io.intakeedge.agent.bundle;

import java.util.List;
import java.util.Objects;

/**
 * The preprocessing a bundle pins, as plain data (the runtime maps it to its own spec). A change to any field is a
 * model behavior change even when the weights stay the same (seed 000), so it travels with the model.
 *
 * @param id         stable name of this preprocessing, e.g. {@code parcel_rgb_64_v1}; written into every trace
 * @param width      model input width in pixels
 * @param height     model input height in pixels
 * @param resizeMode how the region of interest is fitted to width x height
 * @param roiMargin  fraction of the parcel box added on each side before cropping, in [0, 1]
 * @param colorOrder channel order the model expects
 * @param mean       per-channel mean (3 values, in model channel order) on the 0..255 pixel scale
 * @param std        per-channel std (3 values, each > 0); the model sees {@code (pixel - mean) / std}
 */
public record BundlePreprocess(String id, int width, int height, ResizeMode resizeMode, double roiMargin,
                               ColorOrder colorOrder, List<Double> mean, List<Double> std) {

    /** How the region of interest becomes the model input. */
    public enum ResizeMode {
        /** Resize the whole region to width x height, ignoring aspect ratio. */
        STRETCH,
        /** Crop the largest centered region with the input's aspect ratio, then resize. */
        CENTER_CROP
    }

    /** Channel order of the model input. */
    public enum ColorOrder { RGB, BGR }

    public BundlePreprocess {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(resizeMode, "resizeMode");
        Objects.requireNonNull(colorOrder, "colorOrder");
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each, got " + mean + " and " + std);
        }
    }
}
