package io.intakeedge.quantization.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of model loading, what a station runs on a model file from a bundle before TFLite's
 * interpreter sees it: the size limits, the identifier, TFLite's flatbuffer verifier (native), the structure and
 * external-buffer checks and the metadata reader. The contract: any bytes end in a loaded model or a
 * {@link ModelException} with a message — no other exception, no crash of the JVM. {@code mvn test} replays the
 * corpus in {@code src/test/resources/io/intakeedge/quantization/model/ModelLoaderFuzzTestInputs/}; fuzzing:
 * docs/security.md.
 */
@Tag("fuzz")
class ModelLoaderFuzzTest {
    private static final ModelLoader LOADER = new ModelLoader(1 << 20, ModelLoader.DEFAULT_MIN_BYTES);

    @FuzzTest(maxDuration = "60s")
    void load(byte[] bytes) {
        try {
            LoadedModel model = LOADER.load(bytes, "fuzzed model");
            assertThat(model.sha256()).hasSize(64);
        } catch (ModelException refused) {
            assertThat(refused.getMessage()).startsWith("fuzzed model");
        }
    }
}
