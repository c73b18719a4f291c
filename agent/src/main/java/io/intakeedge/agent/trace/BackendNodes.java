package io.intakeedge.agent.trace;

import io.intakeedge.quantization.runtime.BackendChoice;

/**
 * How much of the model the backend of a trace ran: XNNPACK (or a delegate) may take only part of a graph and leave
 * the rest to TFLite's built-in kernels, which is invisible in the backend's name alone.
 *
 * @param nodes      graph nodes the named backend ran
 * @param modelNodes nodes in the model's graph
 */
public record BackendNodes(int nodes, int modelNodes) {

    /** The counts of {@code choice}; null when the backend cannot tell. */
    public static BackendNodes of(BackendChoice choice) {
        return choice.nodes() < 0 || choice.modelNodes() < 0 ? null
                : new BackendNodes(choice.nodes(), choice.modelNodes());
    }
}
