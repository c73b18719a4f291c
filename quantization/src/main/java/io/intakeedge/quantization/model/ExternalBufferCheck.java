package io.intakeedge.quantization.model;

import com.google.flatbuffers.Table;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks the {@code Buffer.offset}/{@code Buffer.size} fields that newer TFLite schemas added for models whose
 * constant data lives after the flatbuffer (files over 2 GiB). The bundled schema classes predate these fields, so
 * they are read from the raw table here: an offset pointing past the end of the file must never reach the runtime.
 */
final class ExternalBufferCheck extends Table {
    private static final int MODEL_BUFFERS_SLOT = 4 + 2 * 4;  // Model field 4: buffers
    private static final int BUFFER_OFFSET_SLOT = 4 + 2 * 1;  // Buffer field 1: offset (ulong)
    private static final int BUFFER_SIZE_SLOT = 4 + 2 * 2;    // Buffer field 2: size (ulong)

    private ExternalBufferCheck() {
    }

    /** Only call after the FlatBuffers verifier accepted {@code file}: offsets are trusted here. */
    static void check(ByteBuffer file, long fileLength) throws ModelException {
        ByteBuffer bb = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ExternalBufferCheck model = new ExternalBufferCheck();
        model.__reset(bb.position() + bb.getInt(bb.position()), bb);
        int field = model.__offset(MODEL_BUFFERS_SLOT);
        if (field == 0) {
            return;
        }
        int vector = model.__vector(field);
        int count = model.__vector_len(field);
        ExternalBufferCheck buffer = new ExternalBufferCheck();
        for (int i = 0; i < count; i++) {
            buffer.__reset(model.__indirect(vector + i * 4), bb);
            long offset = buffer.unsigned64(BUFFER_OFFSET_SLOT);
            long size = buffer.unsigned64(BUFFER_SIZE_SLOT);
            // offset 0 and 1 mean "no external data" in the TFLite schema
            if (Long.compareUnsigned(offset, 1) > 0) {
                long end = offset + size;
                if (Long.compareUnsigned(end, offset) < 0 || Long.compareUnsigned(end, fileLength) > 0) {
                    throw new ModelException("buffer " + i + " points at bytes " + Long.toUnsignedString(offset)
                            + ".." + Long.toUnsignedString(end) + " outside the " + fileLength + "-byte file");
                }
            }
        }
    }

    private long unsigned64(int slot) {
        int o = __offset(slot);
        return o == 0 ? 0 : bb.getLong(bb_pos + o);
    }
}
