package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.runtime.PreprocessSpec.ColorOrder;
import io.intakeedge.quantization.runtime.PreprocessSpec.ResizeMode;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import io.intakeedge.quantization.tensor.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The writer fills the tensor memory in place with exactly what TFLite's quantization of the normalized pixels
 * gives; the expectation is computed here from {@link RegionPixels#pixels} and {@link QuantParams#quantize}.
 */
class InputTensorWriterTest {
    private static final int SIZE = 16;
    private static final Rect ROI = new Rect(40, 30, 90, 70);
    private static Mat frame;

    @BeforeAll
    static void noiseFrame() {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
        byte[] noise = new byte[160 * 200 * 3];
        new Random(5).nextBytes(noise);
        frame = new Mat(160, 200, CvType.CV_8UC3);
        frame.put(0, 0, noise);
    }

    @AfterAll
    static void release() {
        frame.release();
    }

    @Test
    void int8PixelMinus128UsesConvertToAndIsExact() throws Exception {
        PreprocessSpec spec = spec(List.of(0f), List.of(255f), ColorOrder.RGB);
        QuantParams q = new QuantParams(1f / 255, -128, ElementType.INT8);
        byte[] tensor = write(spec, q, ElementType.INT8, true);
        assertThat(tensor).isEqualTo(expected(spec, q));
        assertThat(tensor[0]).isEqualTo((byte) ((RegionPixels.pixels(frame, ROI, spec)[0] & 0xFF) - 128));
    }

    @Test
    void int8PerChannelNormalizationUsesTheLookupTableAndIsExact() throws Exception {
        PreprocessSpec spec = spec(List.of(123.7f, 116.3f, 103.5f), List.of(58.4f, 57.1f, 57.4f), ColorOrder.BGR);
        QuantParams q = new QuantParams(0.0187f, -14, ElementType.INT8);
        assertThat(write(spec, q, ElementType.INT8, false)).isEqualTo(expected(spec, q));
    }

    @Test
    void uint8WithScaleOneStepIsThePixelsThemselves() throws Exception {
        PreprocessSpec spec = spec(List.of(0f), List.of(255f), ColorOrder.RGB);
        QuantParams q = new QuantParams(1f / 255, 0, ElementType.UINT8);
        assertThat(write(spec, q, ElementType.UINT8, true)).isEqualTo(RegionPixels.pixels(frame, ROI, spec));
    }

    @Test
    void float32PerChannelIsMeanAndStdNormalized() throws Exception {
        PreprocessSpec spec = spec(List.of(10f, 20f, 30f), List.of(2f, 4f, 8f), ColorOrder.RGB);
        TensorInfo input = input(ElementType.FLOAT32, Quantization.none());
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE * SIZE * 3 * 4).order(ByteOrder.nativeOrder());
        InputTensorWriter writer = new InputTensorWriter(spec, input, buffer);
        try {
            writer.write(frame, ROI);
            byte[] pixels = RegionPixels.pixels(frame, ROI, spec);
            for (int i = 0; i < pixels.length; i++) {
                int c = i % 3;
                float want = ((pixels[i] & 0xFF) - spec.mean(c)) / spec.std(c);
                assertThat(buffer.getFloat(i * 4)).as("element %d", i).isCloseTo(want, offset(1e-5f));
            }
        } finally {
            writer.release();
        }
    }

    @Test
    void aSecondRegionOverwritesTheSameMemory() throws Exception {
        PreprocessSpec spec = spec(List.of(0f), List.of(255f), ColorOrder.RGB);
        QuantParams q = new QuantParams(1f / 255, -128, ElementType.INT8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE * SIZE * 3);
        InputTensorWriter writer = new InputTensorWriter(spec, input(ElementType.INT8, quantization(q)), buffer);
        try {
            writer.write(frame, ROI);
            Rect other = new Rect(100, 60, 50, 50);
            writer.write(frame, other);
            byte[] actual = new byte[buffer.capacity()];
            buffer.get(0, actual);
            byte[] pixels = RegionPixels.pixels(frame, other, spec);
            for (int i = 0; i < pixels.length; i++) {
                assertThat(actual[i]).isEqualTo((byte) ((pixels[i] & 0xFF) - 128));
            }
        } finally {
            writer.release();
        }
    }

    @Test
    void refusesUnsupportedTypesAndQuantizedInputsWithoutParameters() {
        PreprocessSpec spec = spec(List.of(0f), List.of(255f), ColorOrder.RGB);
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE * SIZE * 3 * 4);
        assertThatThrownBy(() -> new InputTensorWriter(spec, input(ElementType.INT32, Quantization.none()), buffer))
                .isInstanceOf(ModelException.class).hasMessageContaining("INT32 is not supported");
        assertThatThrownBy(() -> new InputTensorWriter(spec, input(ElementType.INT8, Quantization.none()), buffer))
                .isInstanceOf(ModelException.class).hasMessageContaining("without per-tensor quantization");
    }

    private static byte[] write(PreprocessSpec spec, QuantParams q, ElementType type, boolean convertTo)
            throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE * SIZE * 3);
        InputTensorWriter writer = new InputTensorWriter(spec, input(type, quantization(q)), buffer);
        try {
            assertThat(writer.usesConvertTo()).isEqualTo(convertTo);
            writer.write(frame, ROI);
            byte[] out = new byte[buffer.capacity()];
            buffer.get(0, out);
            return out;
        } finally {
            writer.release();
        }
    }

    private static byte[] expected(PreprocessSpec spec, QuantParams q) throws Exception {
        byte[] pixels = RegionPixels.pixels(frame, ROI, spec);
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int c = i % 3;
            out[i] = (byte) q.quantize(((pixels[i] & 0xFF) - spec.mean(c)) / spec.std(c));
        }
        return out;
    }

    private static PreprocessSpec spec(List<Float> mean, List<Float> std, ColorOrder order) {
        return new PreprocessSpec("parcel_test_16", SIZE, SIZE, ResizeMode.STRETCH, 0.1f, order, mean, std);
    }

    private static Quantization quantization(QuantParams q) {
        return new Quantization(List.of(q.scale()), List.of((long) q.zeroPoint()), 0);
    }

    private static TensorInfo input(ElementType type, Quantization quantization) {
        return new TensorInfo(0, "input", type, List.of(1, SIZE, SIZE, 3), quantization, false);
    }
}
