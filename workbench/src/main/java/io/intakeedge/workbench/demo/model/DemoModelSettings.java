package io.intakeedge.workbench.demo.model;

import io.intakeedge.quantization.train.TrainerConfig;

import java.nio.file.Path;
import java.time.Instant;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

import java.util.List;
import java.util.Locale;



/**
 * Everything that decides the demo model's bytes. Same settings ⇒ same model (training, calibration and the
 * synthetic scene are all seeded; the trainer is bit-identical whatever the thread count).
 *
 * @param out                 bundle directory to write
 * @param trainSeed           training-mix scene seed for the training (and calibration) crops
 * @param validationSeed      training-mix scene seed for the validation crops and the float-vs-INT8 agreement gate
 * @param driftSeed           standard scene seed whose presented frames make the drift reference profile
 * @param samples             training crops
 * @param validationSamples   validation crops
 * @param calibrationSamples  calibration crops, taken evenly from the training crops
 * @param driftParcels        parcels of the drift scene
 * @param boxJitter           training box jitter, fraction of the box size per edge
 * @param trainer             epochs, batch, learning rate, trainer seed, threads, flip augmentation
 * @param version             bundle version written into the manifest
 * @param createdAt           bundle creation time written into the manifest and the drift profile
 */
public record DemoModelSettings(Path out, long trainSeed, long validationSeed, long driftSeed, int samples,
                                int validationSamples, int calibrationSamples, int driftParcels, double boxJitter,
                                TrainerConfig trainer, String version, Instant createdAt) {

    public static final long TRAIN_SEED = 101;
    public static final long VALIDATION_SEED = 202;
    public static final long DRIFT_SEED = 303;

    public DemoModelSettings {
        if (samples < 2 || validationSamples < 1 || calibrationSamples < 1 || driftParcels < 1) {
            throw new IllegalArgumentException("samples >= 2, validation, calibration and drift parcels >= 1 needed: "
                    + samples + ", " + validationSamples + ", " + calibrationSamples + ", " + driftParcels);
        }
        if (calibrationSamples > samples) {
            throw new IllegalArgumentException("calibration samples (" + calibrationSamples
                    + ") are taken from the " + samples + " training samples; ask for at most that many");
        }
        if (!(boxJitter >= 0 && boxJitter < 0.5)) {
            throw new IllegalArgumentException("box jitter must be in [0, 0.5), got " + boxJitter);
        }
    }

    /** The settings of the shipped demo model, writing to {@code out}. */
    public static DemoModelSettings defaults(Path out) {
        // batch 16 rather than the trainer's 32: twice the Adam steps per epoch, which this small set needs
        return new DemoModelSettings(out, TRAIN_SEED, VALIDATION_SEED, DRIFT_SEED, 2400, 400, 300, 150, 0.04,
                new TrainerConfig(12, 16, 0.003f, 7L, Runtime.getRuntime().availableProcessors(), true, false),
                "1.0.0", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The options of {@code model build-demo} (ModelBuildDemoCommand), each taking one value. */
    public static final List<String> OPTIONS = List.of("--out", "--train-seed", "--validation-seed", "--drift-seed",
            "--samples", "--validation-samples", "--calibration-samples", "--drift-parcels", "--epochs", "--batch",
            "--learning-rate", "--trainer-seed", "--threads", "--box-jitter", "--version", "--created-at");

    /**
     * The options that rebuild exactly this model (thread count and output directory left out: they do not change
     * the bytes).
     */
    public List<String> modelArguments() {
        List<String> a = new ArrayList<>();
        add(a, "--train-seed", trainSeed);
        add(a, "--validation-seed", validationSeed);
        add(a, "--drift-seed", driftSeed);
        add(a, "--samples", samples);
        add(a, "--validation-samples", validationSamples);
        add(a, "--calibration-samples", calibrationSamples);
        add(a, "--drift-parcels", driftParcels);
        add(a, "--epochs", trainer.epochs());
        add(a, "--batch", trainer.batchSize());
        add(a, "--learning-rate", trainer.learningRate());
        add(a, "--trainer-seed", trainer.seed());
        add(a, "--box-jitter", boxJitter);
        return a;
    }

    private static void add(List<String> args, String option, Object value) {
        args.add(option);
        args.add(String.format(Locale.ROOT, "%s", value));
    }
}
