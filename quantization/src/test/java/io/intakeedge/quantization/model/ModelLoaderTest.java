package io.intakeedge.quantization.model;

import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoaderTest {
    private static final TinyNet NET = TinyNet.small(1);

    @Test
    void loadsInt8ModelAndDescribesItsInputsAndOutputs(@TempDir Path dir) throws Exception {
        byte[] bytes = TinyNetWriter.int8(NET, ElementType.INT8);
        Path file = Files.write(dir.resolve("tiny.tflite"), bytes);

        LoadedModel model = ModelLoader.defaults().load(file);

        assertThat(model.sizeBytes()).isEqualTo(bytes.length);
        assertThat(model.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(model.schemaVersion()).isEqualTo(3);
        assertThat(model.inputs()).hasSize(1);
        TensorInfo in = model.inputs().get(0);
        assertThat(in.shape()).containsExactly(1, 16, 16, 3);
        assertThat(in.type()).isEqualTo(ElementType.INT8);
        assertThat(in.quantParams()).hasValueSatisfying(q -> {
            assertThat(q.scale()).isEqualTo(NET.inputQ.scale());
            assertThat(q.zeroPoint()).isEqualTo(-128);
        });
        TensorInfo out = model.outputs().get(0);
        assertThat(out.shape()).containsExactly(1, 2);
        assertThat(out.quantParams()).hasValueSatisfying(q -> {
            assertThat(q.scale()).isEqualTo(1f / 256);
            assertThat(q.zeroPoint()).isEqualTo(-128);
        });
        assertThat(model.metadata()).isEmpty();
    }

    @Test
    void readsLabelsAndNormalizationFromMetadata() throws Exception {
        byte[] bytes = TinyNetWriter.int8WithMetadata(NET, new float[] {0f}, new float[] {255f},
                List.of("intact", "damaged"));

        LoadedModel model = ModelLoader.defaults().load(bytes, "with-metadata");

        EmbeddedMetadata md = model.metadata().orElseThrow();
        assertThat(md.name()).isEqualTo("tiny parcel classifier");
        assertThat(md.labels()).containsExactly("intact", "damaged");
        assertThat(md.normalization().mean()).containsExactly(0f);
        assertThat(md.normalization().std()).containsExactly(255f);
    }

    @Test
    void rejectsCompressedLabelFile() {
        byte[] bytes = TinyNetWriter.int8WithMetadata(NET, new float[] {0f}, new float[] {255f},
                List.of("intact", "damaged"), true);
        assertThatThrownBy(() -> ModelLoader.defaults().load(bytes, "deflated-labels"))
                .isInstanceOf(ModelException.class).hasMessageContaining("not plain UTF-8 text");
    }

    @Test
    void rejectsEmptyTinyAndOversizedFiles(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("empty.tflite"), new byte[0]);
        assertThatThrownBy(() -> ModelLoader.defaults().load(empty))
                .isInstanceOf(ModelException.class).hasMessageContaining("0 bytes");
        byte[] bytes = TinyNetWriter.int8(NET, ElementType.INT8);
        assertThatThrownBy(() -> new ModelLoader(bytes.length - 1, 64).load(bytes, "big"))
                .isInstanceOf(ModelException.class).hasMessageContaining("larger than the limit");
        assertThatThrownBy(() -> ModelLoader.defaults().load(dir.resolve("missing.tflite")))
                .isInstanceOf(ModelException.class).hasMessageContaining("does not exist");
    }

    @Test
    void rejectsWrongIdentifier() {
        byte[] bytes = TinyNetWriter.int8(NET, ElementType.INT8);
        bytes[4] = 'X';
        assertThatThrownBy(() -> ModelLoader.defaults().load(bytes, "wrong-id"))
                .isInstanceOf(ModelException.class).hasMessageContaining("file identifier is 'XFL3'");
        byte[] text = "this is a text file, not a model at all............................."
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ModelLoader.defaults().load(text, "text"))
                .isInstanceOf(ModelException.class).hasMessageContaining("not a TFLite model");
    }

    @Test
    void rejectsTruncatedModelInTheVerifier() {
        byte[] bytes = TinyNetWriter.int8(NET, ElementType.INT8);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> ModelLoader.defaults().load(truncated, "half"))
                .isInstanceOf(ModelException.class).hasMessageContaining("FlatBuffers verifier");
    }
}
