package io.intakeedge.quantization.model;

import java.util.List;

/**
 * Input normalization from TFLite model metadata: {@code value = (pixel − mean) / std}, one entry per channel or a
 * single entry for all channels.
 */
public record Normalization(List<Float> mean, List<Float> std) {
    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }
}
