package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.agent.cli.ServingSetup;

import io.intakeedge.workbench.calibration.AgreementSamples;
import io.intakeedge.workbench.calibration.CalibrationSet;
import io.intakeedge.workbench.calibration.RegionClassifier;
import io.intakeedge.quantization.agreement.AgreementGate;
import io.intakeedge.quantization.agreement.AgreementReport;
import io.intakeedge.quantization.agreement.LabelledSample;
import io.intakeedge.quantization.agreement.SliceAgreement;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteBackend;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code intake-edge model agreement}: runs a float model and its INT8 version through the serving backend on the
 * same labelled images and reports how closely the INT8 model follows, overall and per slice. Exit code
 * {@value #BELOW_LIMIT} when top-1 agreement is below {@code --min-top1} overall or in any slice, so bundle tooling
 * can refuse the INT8 model.
 */
@Command(name = "agreement", mixinStandardHelpOptions = true,
        description = "Compare an INT8 model with its float reference on labelled images, per slice.")
public final class ModelAgreementCommand extends ToolCommand {
    static final int BELOW_LIMIT = 3;

    @Option(names = "--float", paramLabel = "F.tflite", required = true, description = "float reference .tflite")
    Path floatModel;

    @Option(names = "--int8", paramLabel = "Q.tflite", required = true, description = "INT8 candidate .tflite")
    Path int8Model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "DIR",
                description = "images in DIR/<label>/ and DIR/unlabelled/, or a calibration export")
        Path data;

        @Option(names = "--synthetic", paramLabel = "SEED", description = "use still parcels of the synthetic "
                + "conveyor scene with this seed")
        Long synthetic;
    }

    @Option(names = "--count", paramLabel = "N", defaultValue = "200",
            description = "synthetic parcels (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "preprocessing, labels, positive label and threshold from this bundle")
    Path bundle;

    @Option(names = "--preprocess-spec", paramLabel = "FILE", description = "preprocessing from this YAML/JSON file")
    Path preprocessSpec;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "labels file (one per line, '#' comments) without a bundle")
    Path labelsFile;

    @Option(names = "--positive", paramLabel = "LABEL", description = "positive (damage) label without a bundle")
    String positive;

    @Option(names = "--threshold", paramLabel = "T", description = "damage threshold without a bundle (default 0.70)")
    Double threshold;

    @Option(names = "--min-top1", paramLabel = "R", defaultValue = "0.99",
            description = "least top-1 agreement, overall and per slice (default ${DEFAULT-VALUE})")
    double minTop1;

    @Option(names = "--dark-below", paramLabel = "L", defaultValue = "0.30",
            description = "mean luma under which a sample is 'dark' (default ${DEFAULT-VALUE})")
    double darkBelow;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "interpreter threads (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    protected int run() throws Exception {
        if (!(minTop1 >= 0 && minTop1 <= 1)) {
            throw new IllegalArgumentException("--min-top1 must be in [0, 1], got " + minTop1);
        }
        if (bundle != null && (positive != null || threshold != null)) {
            throw new IllegalArgumentException("--positive and --threshold are for models without a bundle; the "
                    + "bundle pins its own");
        }
        LoadedModel reference = ModelLoader.defaults().load(floatModel);
        LoadedModel candidate = ModelLoader.defaults().load(int8Model);
        ServingSetup setup = withLabelsFile(ServingSetup.resolve(bundle, preprocessSpec, reference));
        RuntimeOptions runtime = new RuntimeOptions(threads, true);
        try (TfliteBackend ref = new TfliteBackend(reference, setup.preprocess(), runtime, setup.labels());
             TfliteBackend cand = new TfliteBackend(candidate, setup.preprocess(), runtime, setup.labels());
             RegionClassifier refRunner = new RegionClassifier(ref, setup.preprocess());
             RegionClassifier candRunner = new RegionClassifier(cand, setup.preprocess())) {
            List<String> labels = ref.labels();
            int positiveIndex = positiveIndex(setup, labels);
            float limit = (float) (double) setup.threshold().orElse(threshold != null ? threshold : 0.70);
            List<String> skipped = new ArrayList<>();
            List<LabelledSample> samples = samples(setup, labels, positiveIndex, skipped);
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("no usable image to compare on: " + String.join("; ", skipped));
            }
            AgreementReport report = new AgreementGate(positiveIndex, limit).evaluate(samples, refRunner,
                    candRunner);
            List<String> failures = report.failures(minTop1, 1.0, 0.0);
            if (json) {
                out().println(report.toJson());
            } else {
                printText(report, labels, samples.size(), setup, failures);
            }
            skipped.forEach(s -> err().println("skipped " + s));
            failures.forEach(f -> err().println("below limit: " + f));
            out().flush();
            err().flush();
            return failures.isEmpty() ? OK : BELOW_LIMIT;
        }
    }

    private List<LabelledSample> samples(ServingSetup setup, List<String> labels, int positiveIndex,
                                         List<String> skipped) throws Exception {
        AgreementSamples builder = new AgreementSamples(setup.preprocess(), labels, darkBelow);
        if (source.synthetic != null) {
            return builder.synthetic(source.synthetic, count, positiveIndex);
        }
        return builder.fromDirectory(CalibrationSet.scan(source.data), skipped);
    }

    private ServingSetup withLabelsFile(ServingSetup setup) throws IOException {
        if (labelsFile == null) {
            return setup;
        }
        if (bundle != null) {
            throw new IllegalArgumentException("give --bundle or --labels, not both: the bundle pins its labels");
        }
        List<String> labels = Files.readAllLines(labelsFile).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return new ServingSetup(setup.preprocess(), labels, setup.positiveLabel(), setup.threshold(), setup.source());
    }

    private int positiveIndex(ServingSetup setup, List<String> labels) {
        String name = setup.positiveLabel().orElse(positive);
        if (name == null) {
            if (labels.size() == 1) {
                return 0;
            }
            throw new IllegalArgumentException("name the damage label: --bundle DIR or --positive LABEL (labels "
                    + labels + ")");
        }
        int index = labels.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("positive label '" + name + "' is not among the labels " + labels);
        }
        return index;
    }

    private void printText(AgreementReport r, List<String> labels, int n, ServingSetup setup, List<String> failures) {
        out().printf(Locale.ROOT, "agreement of %s with float %s on %d samples%n", int8Model, floatModel, n);
        out().printf(Locale.ROOT, "  preprocess %s (%s); route: %s >= %.2f%n", setup.preprocess().id(),
                setup.source(), labels.get(r.positiveLabel()), r.threshold());
        out().printf("%-28s %6s %7s %7s %8s %8s %9s %9s%n", "slice", "n", "top1", "route", "mean|d|", "max|d|",
                "acc float", "acc int8");
        row("overall", r.overall());
        r.slices().forEach(this::row);
        if (!r.disagreeingIds().isEmpty()) {
            out().println("disagreeing: " + String.join(", ", r.disagreeingIds()));
        }
        out().printf(Locale.ROOT, "%s: top-1 agreement %s %.4f overall and in every slice%n",
                failures.isEmpty() ? "PASS" : "FAIL", failures.isEmpty() ? ">=" : "not >=", minTop1);
    }

    private void row(String name, SliceAgreement s) {
        out().printf(Locale.ROOT, "%-28s %6d %7.4f %7.4f %8.5f %8.5f %9s %9s%n", name, s.count(), s.top1Agreement(),
                s.routeAgreement(), s.meanAbsDiff(), s.maxAbsDiff(), accuracy(s.referenceAccuracy()),
                accuracy(s.candidateAccuracy()));
    }

    private static String accuracy(Double a) {
        return a == null ? "-" : String.format(Locale.ROOT, "%.4f", a);
    }
}
