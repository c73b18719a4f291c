package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.NetworkSpec;

import java.util.List;

/**
 * The result of training: the float network, ready for the TFLite builder and post-training quantization, and the
 * per-epoch log.
 *
 * @param network trained float network ending in a softmax
 * @param history one entry per epoch, in order
 */
public record TrainedModel(NetworkSpec network, List<EpochStats> history) {

    public TrainedModel {
        history = List.copyOf(history);
    }

    /** Figures of the last epoch. */
    public EpochStats last() {
        return history.get(history.size() - 1);
    }
}
