package io.intakeedge.quantization.train;

/**
 * How {@link CnnTrainer} trains: Adam over shuffled mini-batches, the step size optionally following a cosine from
 * {@code learningRate} down to 5 % of it over the whole run (large steps early, fine ones at the end, so the last
 * epoch's weights are not caught mid-oscillation). The same config, data and seed give bit-identical weights
 * whatever the thread count.
 *
 * @param epochs          passes over the training set
 * @param batchSize       samples per Adam step
 * @param learningRate    Adam step size
 * @param seed            seeds weight initialization, shuffling and augmentation
 * @param threads         worker threads for the per-sample forward/backward passes
 * @param flipAugmentation mirror each training image left-right with probability 1/2 (damage has no handedness)
 * @param cosineDecay     decay the step size along a cosine; false keeps it constant
 */
public record TrainerConfig(int epochs, int batchSize, float learningRate, long seed, int threads,
                            boolean flipAugmentation, boolean cosineDecay) {

    public TrainerConfig {
        if (epochs <= 0 || batchSize <= 0 || threads <= 0) {
            throw new IllegalArgumentException("epochs, batchSize and threads must be positive: " + epochs + ", "
                    + batchSize + ", " + threads);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), got " + learningRate);
        }
    }

    /** 20 epochs, batch 32, learning rate 0.003 with cosine decay, seed 42, two threads, flip augmentation. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(20, 32, 0.003f, 42L, 2, true, true);
    }

    public TrainerConfig withEpochs(int value) {
        return new TrainerConfig(value, batchSize, learningRate, seed, threads, flipAugmentation, cosineDecay);
    }

    public TrainerConfig withSeed(long value) {
        return new TrainerConfig(epochs, batchSize, learningRate, value, threads, flipAugmentation, cosineDecay);
    }

    public TrainerConfig withThreads(int value) {
        return new TrainerConfig(epochs, batchSize, learningRate, seed, value, flipAugmentation, cosineDecay);
    }

    public TrainerConfig withLearningRate(float value) {
        return new TrainerConfig(epochs, batchSize, value, seed, threads, flipAugmentation, cosineDecay);
    }

    public TrainerConfig withBatchSize(int value) {
        return new TrainerConfig(epochs, value, learningRate, seed, threads, flipAugmentation, cosineDecay);
    }

    public TrainerConfig withFlipAugmentation(boolean value) {
        return new TrainerConfig(epochs, batchSize, learningRate, seed, threads, value, cosineDecay);
    }

    public TrainerConfig withCosineDecay(boolean value) {
        return new TrainerConfig(epochs, batchSize, learningRate, seed, threads, flipAugmentation, value);
    }
}
