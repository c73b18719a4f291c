package io.intakeedge.quantization.model;

import com.google.flatbuffers.FlatBufferBuilder;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalBufferCheckTest {

    @Test
    void acceptsModelsWithInlineBuffers() {
        byte[] model = TinyNetWriter.int8(TinyNet.small(1), ElementType.INT8);
        assertThatCode(() -> ExternalBufferCheck.check(ByteBuffer.wrap(model), model.length))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsExternalBufferPastTheEndOfTheFile() {
        byte[] crafted = modelWithExternalBuffer(1_000_000L, 64L);
        assertThatThrownBy(() -> ExternalBufferCheck.check(ByteBuffer.wrap(crafted), crafted.length))
                .isInstanceOf(ModelException.class).hasMessageContaining("outside the");
        byte[] overflow = modelWithExternalBuffer(-16L, 64L); // 2^64 - 16: wraps around
        assertThatThrownBy(() -> ExternalBufferCheck.check(ByteBuffer.wrap(overflow), overflow.length))
                .isInstanceOf(ModelException.class);
    }

    @Test
    void acceptsExternalBufferInsideTheFile() {
        byte[] ok = modelWithExternalBuffer(8L, 16L);
        assertThatCode(() -> ExternalBufferCheck.check(ByteBuffer.wrap(ok), ok.length)).doesNotThrowAnyException();
    }

    /** A Model table holding only a buffers vector with one Buffer{offset, size}, as newer schemas write them. */
    private static byte[] modelWithExternalBuffer(long offset, long size) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        b.startTable(3);
        b.addLong(1, offset, 0L);
        b.addLong(2, size, 0L);
        int buffer = b.endTable();
        b.startVector(4, 1, 4);
        b.addOffset(buffer);
        int buffers = b.endVector();
        b.startTable(5);
        b.addOffset(4, buffers, 0);
        int model = b.endTable();
        b.finish(model, "TFL3");
        return b.sizedByteArray();
    }
}
