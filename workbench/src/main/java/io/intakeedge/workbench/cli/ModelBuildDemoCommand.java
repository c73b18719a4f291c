package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.quantization.train.TrainerConfig;
import io.intakeedge.workbench.demo.model.DemoModelBuild;
import io.intakeedge.workbench.demo.model.DemoModelSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code intake-edge model build-demo --out bundles/demo [...]}: re-makes the shipped demo bundle from scratch —
 * synthetic scene crops, Java CNN training, float TFLite, post-training quantization, agreement gate. Defaults come
 * from {@link DemoModelSettings#defaults} (shown by {@code --help}) and reproduce the committed model byte for byte.
 */
// no mixinStandardHelpOptions: its --version would take the bundle's --version option
@Command(name = "build-demo", defaultValueProvider = ModelBuildDemoCommand.Defaults.class,
        description = "Rebuild the demo bundle (train on the synthetic scene, quantize to INT8, check agreement).")
public final class ModelBuildDemoCommand extends ToolCommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;
    @Option(names = "--train-seed", description = "scene seed of the training and calibration crops (default ${DEFAULT-VALUE})")
    long trainSeed;
    @Option(names = "--validation-seed", description = "scene seed of the validation crops (default ${DEFAULT-VALUE})")
    long validationSeed;
    @Option(names = "--drift-seed", description = "scene seed of the drift reference run (default ${DEFAULT-VALUE})")
    long driftSeed;
    @Option(names = "--samples", description = "training crops (default ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--validation-samples", description = "validation crops (default ${DEFAULT-VALUE})")
    int validationSamples;
    @Option(names = "--calibration-samples", description = "calibration crops, taken from the training crops "
            + "(default: 300, at most --samples)")
    Integer calibrationSamples;
    @Option(names = "--drift-parcels", description = "parcels of the drift reference run (default ${DEFAULT-VALUE})")
    int driftParcels;
    @Option(names = "--epochs", description = "training epochs (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch", description = "training batch size (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--learning-rate", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float learningRate;
    @Option(names = "--trainer-seed", description = "weight initialisation and shuffling seed (default ${DEFAULT-VALUE})")
    long trainerSeed;
    @Option(names = "--threads", description = "training threads; the model is the same for any count "
            + "(default: the CPU count, ${DEFAULT-VALUE} here)")
    int threads;
    @Option(names = "--box-jitter", description = "training box jitter, fraction of the box per edge "
            + "(default ${DEFAULT-VALUE})")
    double boxJitter;
    @Option(names = "--version", description = "bundle version written into the manifest (default ${DEFAULT-VALUE})")
    String version;
    @Option(names = "--created-at", description = "bundle creation time, ISO-8601 (default: now)")
    Instant createdAt;

    @Override
    protected int run() throws Exception {
        var report = new DemoModelBuild(settings(), DemoModelBuild.MIN_TOP1_AGREEMENT, System.out).build();
        var overall = report.agreement().overall();
        out().printf("bundle %s: model sha256 %s, %d bytes; validation accuracy float %.4f int8 %.4f, "
                        + "top-1 agreement %.4f%n", report.bundle(), report.modelSha256(), report.int8Bytes(),
                overall.referenceAccuracy(), overall.candidateAccuracy(), overall.top1Agreement());
        out().flush();
        return OK;
    }

    /** The settings a command line names, read by this command's own options (picocli errors name the option). */
    public static DemoModelSettings parse(String... args) {
        ModelBuildDemoCommand command = new ModelBuildDemoCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.settings();
    }

    /** The settings the options name; checked by the settings record (IllegalArgumentException: exit 2). */
    DemoModelSettings settings() {
        DemoModelSettings d = DemoModelSettings.defaults(out);
        TrainerConfig trainer = d.trainer().withEpochs(epochs).withBatchSize(batch).withLearningRate(learningRate)
                .withSeed(trainerSeed).withThreads(threads);
        return new DemoModelSettings(out, trainSeed, validationSeed, driftSeed, samples, validationSamples,
                calibrationSamples != null ? calibrationSamples : Math.min(d.calibrationSamples(), samples),
                driftParcels, boxJitter, trainer, version, createdAt != null ? createdAt : d.createdAt());
    }

    /** Every default read from {@link DemoModelSettings#defaults}, so help and behaviour cannot disagree. */
    static final class Defaults implements IDefaultValueProvider {
        private static final Map<String, Function<DemoModelSettings, Object>> VALUES = Map.ofEntries(
                Map.entry("--train-seed", DemoModelSettings::trainSeed),
                Map.entry("--validation-seed", DemoModelSettings::validationSeed),
                Map.entry("--drift-seed", DemoModelSettings::driftSeed),
                Map.entry("--samples", DemoModelSettings::samples),
                Map.entry("--validation-samples", DemoModelSettings::validationSamples),
                Map.entry("--drift-parcels", DemoModelSettings::driftParcels),
                Map.entry("--epochs", s -> s.trainer().epochs()),
                Map.entry("--batch", s -> s.trainer().batchSize()),
                Map.entry("--learning-rate", s -> s.trainer().learningRate()),
                Map.entry("--trainer-seed", s -> s.trainer().seed()),
                Map.entry("--threads", s -> s.trainer().threads()),
                Map.entry("--box-jitter", DemoModelSettings::boxJitter),
                Map.entry("--version", DemoModelSettings::version));

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            Function<DemoModelSettings, Object> value = VALUES.get(option.longestName());
            return value == null ? null : String.valueOf(value.apply(DemoModelSettings.defaults(Path.of("."))));
        }
    }
}
