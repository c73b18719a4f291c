package io.intakeedge.quantization.model;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A .tflite model that passed {@link ModelLoader}'s checks. Only the loader creates instances, so holding one means
 * the bytes were size-checked, carry the {@code TFL3} identifier and passed the FlatBuffers verifier and the
 * structural checks. Immutable.
 */
public final class LoadedModel {
    private final String source;
    private final byte[] bytes;
    private final String sha256;
    private final long schemaVersion;
    private final String description;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    private final EmbeddedMetadata metadata;

    LoadedModel(String source, byte[] bytes, String sha256, long schemaVersion, String description,
                List<TensorInfo> inputs, List<TensorInfo> outputs, EmbeddedMetadata metadata) {
        this.source = source;
        this.bytes = bytes;
        this.sha256 = sha256;
        this.schemaVersion = schemaVersion;
        this.description = description == null ? "" : description;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.metadata = metadata;
    }

    /** Where the bytes came from (file path or a caller-given name), for messages and reports. */
    public String source() {
        return source;
    }

    /** A copy of the model bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The model bytes without copying. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    public int sizeBytes() {
        return bytes.length;
    }

    /** Lower-case hex SHA-256 of the file, as traces record it. */
    public String sha256() {
        return sha256;
    }

    public long schemaVersion() {
        return schemaVersion;
    }

    public String description() {
        return description;
    }

    /** Inputs of the main subgraph, in the interpreter's input order. */
    public List<TensorInfo> inputs() {
        return inputs;
    }

    /** Outputs of the main subgraph, in the interpreter's output order. */
    public List<TensorInfo> outputs() {
        return outputs;
    }

    public Optional<EmbeddedMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public String toString() {
        return "LoadedModel[" + source + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
