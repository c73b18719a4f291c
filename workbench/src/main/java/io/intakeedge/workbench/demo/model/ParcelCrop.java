package io.intakeedge.workbench.demo.model;

import java.util.Objects;
import java.util.Set;

/**
 * One labelled parcel photo as the model sees it: the 8-bit pixels of the (margin-grown, resized, colour-ordered)
 * parcel region, before normalization.
 *
 * @param id      where it came from, e.g. {@code seed=101:parcel=17:frame=463}
 * @param pixels  {@code height × width × 3} interleaved bytes in the preprocess spec's colour order
 * @param damaged ground truth of the synthetic scene
 * @param slices  tags for per-slice agreement figures (truth class, damage kinds, brightness band)
 */
public record ParcelCrop(String id, byte[] pixels, boolean damaged, Set<String> slices) {

    public ParcelCrop {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pixels, "pixels");
        slices = Set.copyOf(slices);
    }

    /** Class index in the demo model's label order ({@code intact}, {@code damaged}). */
    public int label() {
        return damaged ? DemoModelSpec.DAMAGED : DemoModelSpec.INTACT;
    }
}
