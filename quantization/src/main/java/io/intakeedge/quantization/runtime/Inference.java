package io.intakeedge.quantization.runtime;

import java.util.List;

/**
 * One model run: dequantized scores in label order plus where the time went.
 *
 * @param labels          output labels, same order as {@code scores}
 * @param scores          dequantized output (softmax probabilities or a single sigmoid score); NOT validated here —
 *                        the routing policy fails closed on NaN or out-of-range values
 * @param preprocessNanos resize/convert/quantize into the input tensor
 * @param invokeNanos     the interpreter's Invoke()
 * @param backend         which backend ran ({@link InferenceBackend#name()})
 */
public record Inference(List<String> labels, float[] scores, long preprocessNanos, long invokeNanos, String backend) {

    /** The score of {@code label}, or NaN when the model has no such output. */
    public float scoreOf(String label) {
        int i = labels.indexOf(label);
        return i < 0 || i >= scores.length ? Float.NaN : scores[i];
    }
}
