package io.intakeedge.quantization.tensor;

import java.util.List;
import java.util.Optional;

/**
 * Quantization parameters as stored in a model: one scale/zero point per tensor, or one per channel along
 * {@code quantizedDimension} (per-channel weights). Empty lists mean "not quantized".
 */
public record Quantization(List<Float> scales, List<Long> zeroPoints, int quantizedDimension) {

    public Quantization {
        scales = List.copyOf(scales);
        zeroPoints = List.copyOf(zeroPoints);
    }

    public static Quantization none() {
        return new Quantization(List.of(), List.of(), 0);
    }

    public boolean isQuantized() {
        return !scales.isEmpty();
    }

    public boolean isPerChannel() {
        return scales.size() > 1;
    }

    /** The per-tensor parameters for a tensor of {@code type}; empty when per-channel or not quantized. */
    public Optional<QuantParams> perTensor(ElementType type) {
        if (type == ElementType.FLOAT32 && !isQuantized()) {
            return Optional.of(QuantParams.float32());
        }
        if (scales.size() != 1 || !type.isQuantizable()) {
            return Optional.empty();
        }
        long zp = zeroPoints.isEmpty() ? 0 : zeroPoints.get(0);
        return Optional.of(new QuantParams(scales.get(0), (int) zp, type));
    }
}
