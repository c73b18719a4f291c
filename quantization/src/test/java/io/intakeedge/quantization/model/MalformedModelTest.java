package io.intakeedge.quantization.model;

import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Truncated, bit-flipped, random and zero files: every one is rejected with a {@link ModelException} or, when the
 * damage leaves a valid model (e.g. a changed weight), loads and runs. Never a JVM crash (the test would not finish)
 * and never an unexplained runtime exception.
 */
class MalformedModelTest {
    private static final TinyNet NET = new TinyNet(16, 16, 4, 2, true, 0f, 1f, 5);
    private final ModelLoader loader = ModelLoader.defaults();

    private enum Outcome { REJECTED, LOADED_NOT_RUNNABLE, RAN }

    @Test
    void everyTruncationIsRejected() {
        for (byte[] model : models()) {
            int step = Math.max(1, model.length / 200);
            for (int len = 0; len < model.length; len += step) {
                byte[] truncated = Arrays.copyOf(model, len);
                boolean flatbufferIntact = len >= flatbufferLength(model);
                Outcome outcome = attempt(truncated, "truncated at " + len);
                if (!flatbufferIntact) {
                    assertThat(outcome).as("truncated at %d of %d", len, model.length).isEqualTo(Outcome.REJECTED);
                }
            }
        }
    }

    @Test
    void flippedBytesAreRejectedOrHarmless() {
        Random rnd = new Random(99);
        int[] counts = new int[Outcome.values().length];
        for (byte[] model : models()) {
            for (int n = 0; n < 250; n++) {
                byte[] damaged = model.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int k = 0; k < flips; k++) {
                    damaged[rnd.nextInt(damaged.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
                counts[attempt(damaged, "flipped").ordinal()]++;
            }
        }
        // most damage is caught; some flips only change weights and the model still runs
        assertThat(counts[Outcome.REJECTED.ordinal()]).isPositive();
        assertThat(counts[Outcome.RAN.ordinal()]).isPositive();
    }

    @Test
    void randomAndZeroFilesAreRejected() {
        Random rnd = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] junk = new byte[64 + rnd.nextInt(8192)];
            rnd.nextBytes(junk);
            if (n % 2 == 0) { // half of them claim to be TFLite
                System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, junk, 4, 4);
            }
            assertThat(attempt(junk, "random " + n)).isEqualTo(Outcome.REJECTED);
        }
        byte[] zeros = new byte[4096];
        assertThat(attempt(zeros, "zeros")).isEqualTo(Outcome.REJECTED);
        System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, zeros, 4, 4);
        assertThat(attempt(zeros, "zeros with identifier")).isEqualTo(Outcome.REJECTED);
        assertThat(attempt(new byte[0], "empty")).isEqualTo(Outcome.REJECTED);
    }

    private static List<byte[]> models() {
        return List.of(TinyNetWriter.int8(NET, ElementType.INT8), TinyNetWriter.int8(NET, ElementType.UINT8),
                TinyNetWriter.float32(NET),
                TinyNetWriter.int8WithMetadata(NET, new float[] {0f}, new float[] {255f}, List.of("a", "b")));
    }

    /** Where the appended metadata zip starts (the model file's own end when there is none). */
    private static int flatbufferLength(byte[] model) {
        for (int i = 0; i + 4 <= model.length; i++) {
            if (model[i] == 'P' && model[i + 1] == 'K' && model[i + 2] == 3 && model[i + 3] == 4) {
                return i;
            }
        }
        return model.length;
    }

    private Outcome attempt(byte[] bytes, String what) {
        LoadedModel model;
        try {
            model = loader.load(bytes, what);
        } catch (ModelException e) {
            assertThat(e.getMessage()).as(what).isNotBlank();
            return Outcome.REJECTED;
        }
        for (boolean xnnpack : new boolean[] {false, true}) {
            try (TfliteInterpreter it = TfliteInterpreter.open(model, new RuntimeOptions(1, xnnpack))) {
                it.setInputBytes(0, new byte[it.inputBuffer(0).capacity()]);
                it.invoke();
                it.outputFloats(0);
            } catch (ModelException e) {
                return Outcome.LOADED_NOT_RUNNABLE;
            } catch (InferenceException e) {
                return Outcome.LOADED_NOT_RUNNABLE;
            }
        }
        return Outcome.RAN;
    }
}
