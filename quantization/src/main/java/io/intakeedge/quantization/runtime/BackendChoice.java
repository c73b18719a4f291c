package io.intakeedge.quantization.runtime;

import java.util.List;

/**
 * Which backend runs a model and how much of the graph it took, plus why backends the device profile preferred were
 * passed over. Written into every trace ({@code backend}, {@code backend_nodes}, {@code model_nodes}) and shown on
 * the status page, so a station that silently lost its accelerator is visible.
 *
 * @param backend    the backend that runs, e.g. {@code tflite-xnnpack} or {@code tflite-cpu}
 * @param nodes      graph nodes that backend runs: the nodes XNNPACK (or a delegate) took over, or every node for
 *                   TFLite's built-in kernels; -1 when unknown
 * @param modelNodes nodes in the model's graph before delegation; -1 when unknown
 * @param fallbacks  one sentence per preferred backend that was skipped, best first: {@code "<entry>: <why>"}
 */
public record BackendChoice(String backend, int nodes, int modelNodes, List<String> fallbacks) {

    public BackendChoice {
        fallbacks = List.copyOf(fallbacks);
    }

    /** A backend that cannot say how much of the graph it runs (test doubles, future backends). */
    public static BackendChoice unknown(String backend) {
        return new BackendChoice(backend, -1, -1, List.of());
    }

    /** The same choice with {@code earlier} reasons in front (backends tried before this one). */
    BackendChoice after(List<String> earlier) {
        List<String> all = new java.util.ArrayList<>(earlier);
        all.addAll(fallbacks);
        return new BackendChoice(backend, nodes, modelNodes, all);
    }
}
