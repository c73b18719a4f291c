package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.MobileNetV2Shaped;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a MobileNetV2-shaped float model (224×224, seeded weights) quantized with 100 synthetic calibration
 * images keeps the float model's top-1 class on at least 99 % of 100 other images from the same distribution. The
 * dense bias is centred on 30 further images ({@link CentredHead}) so the float model's answer depends on the image.
 */
class MobileNetV2QuantizationTest {

    private static final int SIZE = 224;

    @Test
    void int8ModelAgreesWithFloatOnTop1() throws Exception {
        List<float[]> calibration = SyntheticImages.images(1_000, 100, SIZE, 3);
        byte[] floatModel = CentredHead.centre(MobileNetV2Shaped.standard(7).toFloatTflite(), "global_pool",
                "logits", SyntheticImages.images(9_000, 30, SIZE, 3));
        List<float[]> evaluation = SyntheticImages.images(50_000, 100, SIZE, 3);
        int[] progress = new int[2];

        QuantizedModel q = new PostTrainingQuantizer(QuantizationOptions.defaults().withThreads(2))
                .quantize(floatModel, calibration, (done, total) -> {
                    progress[0] = done;
                    progress[1] = total;
                });

        assertThat(progress).containsExactly(100, 100);
        assertThat(q.calibration().samples()).isEqualTo(100);
        assertThat(q.sizeBytes()).isLessThan(floatModel.length / 3);
        int agree = 0;
        double worstProbability = 0;
        Set<Integer> floatClasses = new TreeSet<>();
        try (ModelRunner reference = new ModelRunner(floatModel, 2); ModelRunner int8 = new ModelRunner(q.tflite(), 2)) {
            for (float[] image : evaluation) {
                float[] expected = reference.run(image);
                float[] actual = int8.run(image);
                floatClasses.add(argmax(expected));
                agree += argmax(expected) == argmax(actual) ? 1 : 0;
                for (int i = 0; i < expected.length; i++) {
                    worstProbability = Math.max(worstProbability, Math.abs(expected[i] - actual[i]));
                }
            }
        }
        System.out.printf("top-1 agreement %d/100, float classes %s, worst |dp| %.4f, calibration %d ms, "
                + "total %d ms, size %d -> %d bytes%n", agree, floatClasses, worstProbability,
                q.calibrationTime().toMillis(), q.totalTime().toMillis(), floatModel.length, q.sizeBytes());
        // agreement means little if the float model always answers the same class
        assertThat(floatClasses).as("distinct float top-1 classes").hasSizeGreaterThanOrEqualTo(3);
        assertThat(agree).as("top-1 agreement out of 100").isGreaterThanOrEqualTo(99);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
