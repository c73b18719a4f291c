package io.intakeedge.quantization.train;

/** Receives the training log, one call per finished epoch (on the thread that called fit). */
@FunctionalInterface
public interface TrainingListener {

    void onEpoch(EpochStats stats);

    /** A listener that ignores the log. */
    static TrainingListener none() {
        return stats -> { };
    }
}
