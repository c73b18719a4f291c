package io.intakeedge.quantization.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a small float CNN in plain Java: softmax cross-entropy, Adam, shuffled mini-batches. Samples of a batch
 * run on {@link TrainerConfig#threads()} threads, each into its own gradient buffer; the buffers are summed in
 * sample order, so the weights are bit-identical for a given seed whatever the thread count.
 */
public final class CnnTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CnnTrainer.class);

    private final TrainerConfig config;

    public CnnTrainer(TrainerConfig config) {
        this.config = config;
    }

    /**
     * Trains {@code architecture} on {@code train}, reporting each epoch (with figures on {@code validation}, which
     * may be empty) to {@code listener}.
     */
    public TrainedModel fit(Architecture architecture, Dataset train, Dataset validation, TrainingListener listener) {
        check(architecture, train, "training");
        check(architecture, validation, "validation");
        if (train.size() == 0) {
            throw new IllegalArgumentException("training set is empty");
        }
        Network network = new Network(architecture);
        Random random = new Random(config.seed());
        float[] params = network.initialParams(random);
        Adam adam = new Adam(network.paramCount());
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), runnable -> {
            Thread t = new Thread(runnable, "cnn-trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            Batches batches = new Batches(network, pool, config.threads(), config.batchSize());
            List<EpochStats> history = new ArrayList<>();
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                double[] trainFigures = trainEpoch(batches, train, params, adam, random, epoch);
                double[] validationFigures = batches.evaluate(params, validation);
                EpochStats stats = new EpochStats(epoch, trainFigures[0], trainFigures[1], validationFigures[0],
                        validationFigures[1], (System.nanoTime() - start) / 1_000_000);
                LOG.debug("epoch {}: {}", epoch, stats);
                history.add(stats);
                listener.onEpoch(stats);
            }
            return new TrainedModel(network.export(params), history);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One pass over the shuffled training set; returns {mean loss, accuracy}. */
    private double[] trainEpoch(Batches batches, Dataset train, float[] params, Adam adam, Random random,
                                int epoch) {
        int[] order = shuffled(train.size(), random);
        int stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < order.length; start += config.batchSize()) {
            int end = Math.min(start + config.batchSize(), order.length);
            List<float[]> inputs = new ArrayList<>(end - start);
            int[] labels = new int[end - start];
            for (int i = start; i < end; i++) {
                float[] image = train.images().get(order[i]);
                // draw the coin even without augmentation so the shuffle sequence does not depend on the flag
                boolean flip = random.nextBoolean() && config.flipAugmentation();
                inputs.add(flip ? mirror(image, train.width(), train.channels()) : image);
                labels[i - start] = train.label(order[i]);
            }
            Batches.Result result = batches.train(params, inputs, labels);
            int step = (epoch - 1) * stepsPerEpoch + start / config.batchSize();
            adam.step(params, result.meanGradient(), learningRate(step, stepsPerEpoch * config.epochs()));
            lossSum += result.lossSum();
            correct += result.correct();
        }
        return new double[] {lossSum / order.length, (double) correct / order.length};
    }

    /** Step size at {@code step} of {@code totalSteps}: constant, or a cosine from the full rate to 5 % of it. */
    double learningRate(int step, int totalSteps) {
        double base = config.learningRate();
        if (!config.cosineDecay()) {
            return base;
        }
        double floor = 0.05 * base;
        return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The image mirrored left-right. */
    static float[] mirror(float[] image, int width, int channels) {
        float[] out = new float[image.length];
        int rowSize = width * channels;
        for (int row = 0; row < image.length / rowSize; row++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(image, row * rowSize + x * channels, out,
                        row * rowSize + (width - 1 - x) * channels, channels);
            }
        }
        return out;
    }

    private static void check(Architecture architecture, Dataset data, String which) {
        if (data.height() != architecture.height() || data.width() != architecture.width()
                || data.channels() != architecture.channels()) {
            throw new IllegalArgumentException(which + " images are " + data.height() + "x" + data.width() + "x"
                    + data.channels() + " but " + architecture.name() + " takes " + architecture.height() + "x"
                    + architecture.width() + "x" + architecture.channels());
        }
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            if (label < 0 || label >= architecture.labels().size()) {
                throw new IllegalArgumentException(which + " sample " + i + " has label " + label
                        + " outside 0.." + (architecture.labels().size() - 1) + " " + architecture.labels());
            }
        }
    }

    /** Runs the samples of one batch on the pool, one gradient buffer per sample, reduced in sample order. */
    private static final class Batches {
        private final Network network;
        private final ExecutorService pool;
        private final int threads;
        private final float[][] sampleGrads;

        Batches(Network network, ExecutorService pool, int threads, int batchSize) {
            this.network = network;
            this.pool = pool;
            this.threads = threads;
            this.sampleGrads = new float[batchSize][network.paramCount()];
        }

        record Result(float[] meanGradient, double lossSum, int correct) {
        }

        Result train(float[] params, List<float[]> inputs, int[] labels) {
            int n = inputs.size();
            Network.SampleResult[] results = new Network.SampleResult[n];
            runChunks(n, i -> {
                Arrays.fill(sampleGrads[i], 0f);
                results[i] = network.train(params, inputs.get(i), labels[i], sampleGrads[i]);
            });
            float[] mean = new float[network.paramCount()];
            double lossSum = 0;
            int correct = 0;
            for (int i = 0; i < n; i++) {
                float[] g = sampleGrads[i];
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += g[k];
                }
                lossSum += results[i].loss();
                correct += results[i].correct() ? 1 : 0;
            }
            for (int k = 0; k < mean.length; k++) {
                mean[k] /= n;
            }
            return new Result(mean, lossSum, correct);
        }

        /** {mean loss, accuracy} on a data set; NaN for an empty one. */
        double[] evaluate(float[] params, Dataset data) {
            int n = data.size();
            if (n == 0) {
                return new double[] {Double.NaN, Double.NaN};
            }
            Network.SampleResult[] results = new Network.SampleResult[n];
            runChunks(n, i -> results[i] = network.evaluate(params, data.images().get(i), data.label(i)));
            double lossSum = 0;
            int correct = 0;
            for (Network.SampleResult r : results) {
                lossSum += r.loss();
                correct += r.correct() ? 1 : 0;
            }
            return new double[] {lossSum / n, (double) correct / n};
        }

        /** Calls {@code work} for 0..n-1, in contiguous chunks, one per thread; returns when all are done. */
        private void runChunks(int n, java.util.function.IntConsumer work) {
            List<Callable<Void>> tasks = new ArrayList<>();
            int chunk = (n + threads - 1) / threads;
            for (int from = 0; from < n; from += chunk) {
                int start = from;
                int end = Math.min(from + chunk, n);
                tasks.add(() -> {
                    for (int i = start; i < end; i++) {
                        work.accept(i);
                    }
                    return null;
                });
            }
            try {
                for (Future<Void> f : pool.invokeAll(tasks)) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("training step failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
