package io.intakeedge.quantization.agreement;

import io.intakeedge.quantization.builder.NetworkSpecs;
import io.intakeedge.quantization.graph.Layer.Activation;
import io.intakeedge.quantization.graph.NetworkSpec;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.train.Architecture;
import io.intakeedge.quantization.train.BlobImages;
import io.intakeedge.quantization.train.CnnTrainer;
import io.intakeedge.quantization.train.Dataset;
import io.intakeedge.quantization.train.FloatNetwork;
import io.intakeedge.quantization.train.TrainerConfig;
import io.intakeedge.quantization.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path the demo model takes: train in Java, write float TFLite, quantize to INT8 with calibration images,
 * then gate the INT8 model (real TFLite, XNNPACK) against the float reference on held-out images, per slice.
 */
class TrainedModelAgreementTest {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedModelAgreementTest.class);

    private static final Architecture BLOB = new Architecture("blob", 16, 16, 3, List.of(
            new Architecture.Conv(8, 3, 2, Activation.RELU),
            new Architecture.Conv(8, 3, 2, Activation.RELU),
            new Architecture.GlobalAveragePool(),
            new Architecture.Dense(2, Activation.NONE)),
            List.of("plain", "blob"));

    @Test
    void int8ModelOfATrainedNetworkAgreesWithItsFloatReference() throws Exception {
        Dataset train = BlobImages.generate(400, 16, 1);
        Dataset heldOut = BlobImages.generate(200, 16, 2);
        NetworkSpec spec = new CnnTrainer(TrainerConfig.defaults().withEpochs(15).withBatchSize(16))
                .fit(BLOB, train, heldOut, TrainingListener.none()).network();
        byte[] int8 = new PostTrainingQuantizer(QuantizationOptions.defaults())
                .quantize(NetworkSpecs.toFloatTflite(spec), train.images().subList(0, 100)).tflite();

        List<LabelledSample> samples = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i++) {
            float[] image = heldOut.images().get(i);
            samples.add(new LabelledSample("img" + i, image, heldOut.labels()[i], Set.of(brightness(image))));
        }
        AgreementReport report;
        try (TfliteInterpreter interpreter = TfliteInterpreter.open(
                ModelLoader.defaults().load(int8, "blob-int8"), new RuntimeOptions(1, true))) {
            report = new AgreementGate(1, 0.5f).evaluate(samples, image -> FloatNetwork.predict(spec, image),
                    image -> {
                        interpreter.setInput(0, image);
                        try {
                            interpreter.invoke();
                            return interpreter.outputFloats(0);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }

        LOG.info("float vs INT8 agreement: {}", report.toJson());
        assertThat(report.slices()).containsOnlyKeys("bright", "dark");
        assertThat(report.overall().count()).isEqualTo(200);
        assertThat(report.overall().referenceAccuracy()).isGreaterThan(0.95);
        assertThat(report.overall().candidateAccuracy()).isGreaterThan(0.95);
        // softmax output step is 1/256: INT8 scores should sit within a few steps of float
        assertThat(report.overall().meanAbsDiff()).isLessThan(0.02);
        assertThat(report.passes(0.97, 0.03, 0.97)).as(report.toJson()).isTrue();
    }

    /** Slice by the image's mean value: the background level varies from dark to light grey. */
    private static String brightness(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum / image.length < 0.3 ? "dark" : "bright";
    }
}
