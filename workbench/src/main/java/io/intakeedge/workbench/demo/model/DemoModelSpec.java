package io.intakeedge.workbench.demo.model;

import io.intakeedge.quantization.runtime.PreprocessSpec;

import java.util.List;

/**
 * The fixed facts of the demo bundle that the model build, the bundle manifest and the serving path must agree on:
 * labels, the pinned preprocessing and the thresholds.
 */
public final class DemoModelSpec {
    /** Output labels, in model output order. */
    public static final List<String> LABELS = List.of("intact", "damaged");
    public static final int INTACT = 0;
    public static final int DAMAGED = 1;
    public static final String POSITIVE_LABEL = "damaged";
    public static final String LABEL_VERSION = "parcel-labels-v1";
    public static final String BUNDLE_ID = "parcel-damage-demo";

    /**
     * 64×64 RGB of the parcel box grown by 10 % per side, stretched; {@code (pixel − 128) / 128}, the trainer's own
     * input range, so the INT8 input (scale 1/128, zero point 0) is exactly {@code pixel − 128}.
     */
    public static final PreprocessSpec PREPROCESS = new PreprocessSpec("parcel_rgb_64_v1", 64, 64,
            PreprocessSpec.ResizeMode.STRETCH, 0.10f, PreprocessSpec.ColorOrder.RGB, List.of(128f), List.of(128f));

    public static final double DAMAGE_THRESHOLD = 0.70;
    public static final double MAX_BLUR = 0.45;
    public static final double MIN_BRIGHTNESS = 0.20;
    public static final double MAX_OVER_EXPOSED = 0.25;

    private DemoModelSpec() {
    }
}
