package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.PreprocessSpec.ColorOrder;
import io.intakeedge.quantization.runtime.PreprocessSpec.ResizeMode;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Checks the backend against a float reference computed in Java on the same crop. */
class TfliteBackendTest {
    private static final List<String> LABELS = List.of("intact", "damaged");
    private static final Rect ROI = new Rect(200, 150, 180, 120);
    private static Mat frame;

    @BeforeAll
    static void syntheticFrame() {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
        Random rnd = new Random(11);
        byte[] noise = new byte[480 * 640 * 3];
        rnd.nextBytes(noise);
        frame = new Mat(480, 640, CvType.CV_8UC3);
        frame.put(0, 0, noise);
        Imgproc.GaussianBlur(frame, frame, new Size(9, 9), 0);
        Imgproc.rectangle(frame, new org.opencv.core.Point(240, 170), new org.opencv.core.Point(330, 240),
                new org.opencv.core.Scalar(30, 200, 90), -1);
    }

    private static PreprocessSpec spec(ResizeMode mode, ColorOrder order, List<Float> mean, List<Float> std) {
        return new PreprocessSpec("parcel_rgb_16_v1", 16, 16, mode, 0.1f, order, mean, std);
    }

    @Test
    void int8PixelPlusConstantUsesConvertToAndMatchesReference() throws Exception {
        TinyNet net = TinyNet.small(21); // input [0,1]: scale 1/255, zp -128, so q = pixel - 128
        PreprocessSpec spec = spec(ResizeMode.STRETCH, ColorOrder.RGB, List.of(0f), List.of(255f));
        checkAgainstReference(net, ElementType.INT8, spec, true, 0.04f);
    }

    @Test
    void int8PerChannelNormalizationUsesLookupTableAndMatchesReference() throws Exception {
        TinyNet net = new TinyNet(16, 16, 4, 2, false, -2.2f, 2.7f, 22);
        PreprocessSpec spec = spec(ResizeMode.CENTER_CROP, ColorOrder.RGB, List.of(123.7f, 116.3f, 103.5f),
                List.of(58.4f, 57.1f, 57.4f));
        checkAgainstReference(net, ElementType.INT8, spec, false, 0.04f);
    }

    @Test
    void uint8InputMatchesReference() throws Exception {
        TinyNet net = new TinyNet(16, 16, 4, 2, false, -1f, 1f, 23);
        PreprocessSpec spec = spec(ResizeMode.STRETCH, ColorOrder.BGR, List.of(127.5f), List.of(127.5f));
        checkAgainstReference(net, ElementType.UINT8, spec, false, 0.04f);
    }

    @Test
    void floatModelWithSigmoidOutputMatchesReferenceClosely() throws Exception {
        TinyNet net = new TinyNet(16, 16, 4, 1, true, 0f, 1f, 24);
        PreprocessSpec spec = spec(ResizeMode.CENTER_CROP, ColorOrder.RGB, List.of(0f), List.of(255f));
        checkAgainstReference(net, ElementType.FLOAT32, spec, true, 1e-4f);
    }

    private void checkAgainstReference(TinyNet net, ElementType input, PreprocessSpec spec, boolean convertTo,
                                       float tolerance) throws Exception {
        byte[] bytes = input == ElementType.FLOAT32 ? TinyNetWriter.float32(net) : TinyNetWriter.int8(net, input);
        LoadedModel model = ModelLoader.defaults().load(bytes, "tiny-" + input);
        List<String> labels = net.classes == 1 ? List.of("damaged") : LABELS;
        for (boolean xnnpack : new boolean[] {false, true}) {
            try (TfliteBackend backend = new TfliteBackend(model, spec, new RuntimeOptions(1, xnnpack), labels)) {
                assertThat(backend.name()).isEqualTo(xnnpack ? "tflite-xnnpack" : "tflite-cpu");
                assertThat(backend.usesConvertTo()).isEqualTo(convertTo);
                Inference result = backend.classify(frame, ROI);

                float[] pixels = referencePixels(spec);
                float[] normalized = new float[pixels.length];
                for (int i = 0; i < pixels.length; i++) {
                    normalized[i] = (pixels[i] - spec.mean(i % 3)) / spec.std(i % 3);
                }
                assertTensorHolds(backend, normalized, input, model);
                float[] expected = net.forward(normalized);
                assertThat(result.labels()).isEqualTo(labels);
                assertThat(result.backend()).isEqualTo(backend.name());
                assertThat(result.preprocessNanos()).isPositive();
                assertThat(result.invokeNanos()).isPositive();
                for (int j = 0; j < expected.length; j++) {
                    assertThat(result.scores()[j]).as("class %d xnnpack=%s", j, xnnpack)
                            .isCloseTo(expected[j], offset(tolerance));
                }
            }
        }
    }

    /** The tensor the backend wrote in place equals TFLite's quantization of the reference values. */
    private static void assertTensorHolds(TfliteBackend backend, float[] normalized, ElementType type,
                                          LoadedModel model) throws Exception {
        ByteBuffer tensor = backend.interpreter().inputBuffer(0);
        if (type == ElementType.FLOAT32) {
            for (int i = 0; i < normalized.length; i++) {
                assertThat(tensor.getFloat(i * 4)).isCloseTo(normalized[i], offset(1e-5f));
            }
            return;
        }
        QuantParams q = model.inputs().get(0).quantParams().orElseThrow();
        byte[] expected = q.quantizeToBytes(normalized);
        byte[] actual = new byte[expected.length];
        tensor.get(actual);
        assertThat(actual).isEqualTo(expected);
    }

    /** Crop with margin computed here, resized by OpenCV, as floats in the spec's channel order. */
    private static float[] referencePixels(PreprocessSpec spec) {
        int mx = (int) Math.round(ROI.width * spec.roiMargin());
        int my = (int) Math.round(ROI.height * spec.roiMargin());
        Rect r = new Rect(ROI.x - mx, ROI.y - my, ROI.width + 2 * mx, ROI.height + 2 * my);
        if (spec.resizeMode() == ResizeMode.CENTER_CROP) { // square input: keep the centred square
            int side = Math.min(r.width, r.height);
            r = new Rect(r.x + (r.width - side) / 2, r.y + (r.height - side) / 2, side, side);
        }
        Mat resized = new Mat();
        Imgproc.resize(frame.submat(r), resized, new Size(spec.width(), spec.height()), 0, 0, Imgproc.INTER_AREA);
        byte[] bgr = new byte[spec.width() * spec.height() * 3];
        resized.get(0, 0, bgr);
        float[] out = new float[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            boolean rgb = spec.colorOrder() == ColorOrder.RGB;
            out[i] = bgr[i + (rgb ? 2 : 0)] & 0xFF;
            out[i + 1] = bgr[i + 1] & 0xFF;
            out[i + 2] = bgr[i + (rgb ? 0 : 2)] & 0xFF;
        }
        return out;
    }

    @Test
    void inputShapeMismatchNamesBothShapes() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(TinyNet.small(1), ElementType.INT8), "m");
        PreprocessSpec spec = new PreprocessSpec("parcel_rgb_64_v1", 64, 64, ResizeMode.STRETCH, 0f, ColorOrder.RGB,
                List.of(0f), List.of(255f));
        assertThatThrownBy(() -> new TfliteBackend(model, spec, RuntimeOptions.defaults(), LABELS))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("[1, 16, 16, 3]").hasMessageContaining("[1, 64, 64, 3]")
                .hasMessageContaining("parcel_rgb_64_v1");
    }

    @Test
    void labelsComeFromMetadataAndMustMatchTheOutputs() throws Exception {
        TinyNet net = TinyNet.small(2);
        PreprocessSpec spec = spec(ResizeMode.STRETCH, ColorOrder.RGB, List.of(0f), List.of(255f));
        LoadedModel withMetadata = ModelLoader.defaults().load(TinyNetWriter.int8WithMetadata(net, new float[] {0f},
                new float[] {255f}, List.of("ok", "broken")), "md");
        try (TfliteBackend backend = new TfliteBackend(withMetadata, spec, RuntimeOptions.defaults())) {
            assertThat(backend.labels()).containsExactly("ok", "broken");
            assertThat(backend.classify(frame, ROI).scoreOf("broken")).isBetween(0f, 1f);
        }
        LoadedModel bare = ModelLoader.defaults().load(TinyNetWriter.int8(net, ElementType.INT8), "bare");
        assertThatThrownBy(() -> new TfliteBackend(bare, spec, RuntimeOptions.defaults()))
                .isInstanceOf(ModelException.class).hasMessageContaining("no labels");
        assertThatThrownBy(() -> new TfliteBackend(bare, spec, RuntimeOptions.defaults(), List.of("a", "b", "c")))
                .isInstanceOf(ModelException.class).hasMessageContaining("outputs 2 scores but 3 labels");
    }

    @Test
    void badFramesRegionsAndClosedBackendGiveInferenceExceptions() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(TinyNet.small(3), ElementType.INT8), "m");
        PreprocessSpec spec = spec(ResizeMode.STRETCH, ColorOrder.RGB, List.of(0f), List.of(255f));
        TfliteBackend backend = new TfliteBackend(model, spec, RuntimeOptions.defaults(), LABELS);
        assertThatThrownBy(() -> backend.classify(frame, new Rect(700, 500, 50, 50)))
                .isInstanceOf(InferenceException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> backend.classify(new Mat(), ROI))
                .isInstanceOf(InferenceException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> backend.classify(new Mat(100, 100, CvType.CV_8UC1), ROI))
                .isInstanceOf(InferenceException.class).hasMessageContaining("BGR");
        // a region partly outside the frame is clamped, not rejected
        assertThat(backend.classify(frame, new Rect(600, 440, 100, 100)).scores()).hasSize(2);
        backend.close();
        assertThatThrownBy(() -> backend.classify(frame, ROI))
                .isInstanceOf(InferenceException.class).hasMessageContaining("closed");
    }
}
