package io.intakeedge.quantization.train;

/**
 * How {@link CnnTrainer} trains: Adam with a constant learning rate over shuffled mini-batches. The same config,
 * data and seed give bit-identical weights whatever the thread count.
 *
 * @param epochs          passes over the training set
 * @param batchSize       samples per Adam step
 * @param learningRate    Adam step size
 * @param seed            seeds weight initialization, shuffling and augmentation
 * @param threads         worker threads for the per-sample forward/backward passes
 * @param flipAugmentation mirror each training image left-right with probability 1/2 (damage has no handedness)
 */
public record TrainerConfig(int epochs, int batchSize, float learningRate, long seed, int threads,
                            boolean flipAugmentation) {

    public TrainerConfig {
        if (epochs <= 0 || batchSize <= 0 || threads <= 0) {
            throw new IllegalArgumentException("epochs, batchSize and threads must be positive: " + epochs + ", "
                    + batchSize + ", " + threads);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), got " + learningRate);
        }
    }

    /** 20 epochs, batch 32, learning rate 0.003, seed 42, two threads, flip augmentation on. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(20, 32, 0.003f, 42L, 2, true);
    }

    public TrainerConfig withEpochs(int value) {
        return new TrainerConfig(value, batchSize, learningRate, seed, threads, flipAugmentation);
    }

    public TrainerConfig withSeed(long value) {
        return new TrainerConfig(epochs, batchSize, learningRate, value, threads, flipAugmentation);
    }

    public TrainerConfig withThreads(int value) {
        return new TrainerConfig(epochs, batchSize, learningRate, seed, value, flipAugmentation);
    }

    public TrainerConfig withLearningRate(float value) {
        return new TrainerConfig(epochs, batchSize, value, seed, threads, flipAugmentation);
    }

    public TrainerConfig withBatchSize(int value) {
        return new TrainerConfig(epochs, value, learningRate, seed, threads, flipAugmentation);
    }

    public TrainerConfig withFlipAugmentation(boolean value) {
        return new TrainerConfig(epochs, batchSize, learningRate, seed, threads, value);
    }
}
