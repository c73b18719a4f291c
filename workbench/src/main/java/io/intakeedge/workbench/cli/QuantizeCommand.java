package io.intakeedge.workbench.cli;

import io.intakeedge.agent.cli.ToolCommand;
import io.intakeedge.agent.cli.ServingSetup;

import io.intakeedge.agent.calibration.AtomicFiles;
import io.intakeedge.agent.calibration.CalibrationImage;
import io.intakeedge.workbench.calibration.CalibrationInputs;
import io.intakeedge.workbench.calibration.CalibrationSet;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.model.SchemaReader;
import io.intakeedge.quantization.ptq.CalibrationMethod;
import io.intakeedge.quantization.ptq.IoType;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;
import io.intakeedge.quantization.ptq.QuantizedModel;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.SubGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code intake-edge quantize}: full-integer post-training quantization of a float model, calibrated on images
 * preprocessed exactly as the station serves them (bundle preprocess section → runtime preprocessing).
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantize a float .tflite model to full INT8 with calibration images (JPEG/PNG).")
public final class QuantizeCommand extends ToolCommand {

    @Option(names = "--model", paramLabel = "FLOAT.tflite", required = true, description = "float32 .tflite model")
    Path model;

    @Option(names = "--calibration", paramLabel = "DIR", required = true,
            description = "directory of calibration JPEG/PNG images (recursive; manifest.json boxes are used)")
    Path calibration;

    @Option(names = "--out", paramLabel = "INT8.tflite", required = true,
            description = "INT8 .tflite to write (atomically)")
    Path out;

    @Option(names = "--bundle", paramLabel = "DIR", description = "take the preprocessing from this bundle")
    Path bundle;

    @Option(names = "--preprocess-spec", paramLabel = "FILE",
            description = "take the preprocessing from this YAML/JSON file")
    Path preprocessSpec;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "minmax",
            description = "minmax | percentile (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--percentile", paramLabel = "P", defaultValue = "99.99",
            description = "upper percentile for --method percentile (default ${DEFAULT-VALUE})")
    double percentile;

    @Option(names = "--input-type", paramLabel = "TYPE", defaultValue = "int8",
            description = "int8 | uint8 | float32 (default ${DEFAULT-VALUE})")
    String inputType;

    @Option(names = "--output-type", paramLabel = "TYPE", defaultValue = "int8",
            description = "int8 | uint8 | float32 (default ${DEFAULT-VALUE})")
    String outputType;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "use at most N images, spread over the set (0 = all)")
    int limit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "interpreter threads for calibration (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    protected int run() throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        if (Files.exists(out) && Files.isSameFile(out, model)) {
            throw new IllegalArgumentException("--out must not overwrite the float model " + model);
        }
        QuantizationOptions options = QuantizationOptions.defaults().withCalibration(calibrationMethod())
                .withInputType(ioType("--input-type", inputType)).withOutputType(ioType("--output-type", outputType))
                .withThreads(threads);
        LoadedModel floatModel = ModelLoader.defaults().load(model);
        ServingSetup setup = ServingSetup.resolve(bundle, preprocessSpec, floatModel);
        List<CalibrationImage> images = CalibrationSet.scan(calibration).spread(limit);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no JPEG or PNG images under " + calibration);
        }
        err().printf("calibrating %s on %d images (preprocess %s from %s)%n", model.getFileName(), images.size(),
                setup.preprocess().id(), setup.source());
        Progress progress = new Progress(images.size());
        CalibrationInputs inputs = new CalibrationInputs(images, setup.preprocess(), progress::done);
        QuantizedModel q;
        try {
            q = new PostTrainingQuantizer(options).quantize(floatModel.bytes(), inputs);
        } catch (IllegalArgumentException e) {
            if (inputs.used() == 0) {
                throw new IllegalArgumentException("no usable calibration image under " + calibration + ": "
                        + String.join("; ", inputs.skipped()), e);
            }
            throw e;
        }
        AtomicFiles.write(out, q.tflite());
        LoadedModel int8 = ModelLoader.defaults().load(out);
        printSummary(floatModel, int8, q, options, inputs);
        return OK;
    }

    private void printSummary(LoadedModel floatModel, LoadedModel int8, QuantizedModel q, QuantizationOptions o,
                              CalibrationInputs inputs) {
        out().printf("quantized %s -> %s%n", model, out);
        out().printf("  calibration: %d images used, %d skipped, %s, input %s, output %s%n", inputs.used(),
                inputs.skipped().size(), o.calibration(), lower(o.inputType()), lower(o.outputType()));
        out().printf("  operators:   %s%n", operators(int8));
        out().printf("  float ops:   %s%n", operators(floatModel));
        out().printf(Locale.ROOT, "  size:        %d -> %d bytes (%.2fx smaller)%n", floatModel.sizeBytes(),
                int8.sizeBytes(), floatModel.sizeBytes() / (double) int8.sizeBytes());
        out().printf(Locale.ROOT, "  time:        calibration %.2f s, total %.2f s%n",
                q.calibrationTime().toMillis() / 1000.0, q.totalTime().toMillis() / 1000.0);
        out().printf("  sha256:      %s%n", int8.sha256());
        for (String s : inputs.skipped()) {
            out().println("  skipped " + s);
        }
        out().flush();
    }

    /** Operator kinds with their node counts, e.g. {@code CONV_2D x3, MEAN x1}. */
    static String operators(LoadedModel loaded) {
        Model fb = SchemaReader.model(loaded);
        SubGraph sg = fb.subgraphs(0);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < sg.operatorsLength(); i++) {
            counts.merge(SchemaReader.operatorName(fb.operatorCodes((int) sg.operators(i).opcodeIndex())), 1,
                    Integer::sum);
        }
        return sg.operatorsLength() + " nodes: " + counts.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    private CalibrationMethod calibrationMethod() {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "minmax", "min-max" -> CalibrationMethod.minMax();
            case "percentile" -> CalibrationMethod.percentile(percentile);
            default -> throw new IllegalArgumentException("--method must be minmax or percentile, got " + method);
        };
    }

    private static IoType ioType(String option, String value) {
        try {
            return IoType.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be int8, uint8 or float32, got " + value, e);
        }
    }

    private static String lower(IoType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    /** One stderr line each time another tenth of the images is done. */
    private final class Progress {
        private final int total;
        private int lastTenth;

        Progress(int total) {
            this.total = total;
        }

        void done(int handled) {
            int tenth = handled * 10 / total;
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err().printf("calibration %3d%% (%d/%d images)%n", tenth * 10, handled, total);
                err().flush();
            }
        }
    }
}
