package io.intakeedge.quantization.model;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.lite.schema.Model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The only way into a .tflite model. Checks, in this order, before any interpreter sees the bytes: size limits,
 * the {@code TFL3} file identifier, TFLite's own FlatBuffers verifier ({@code FlatBufferModel::VerifyAndBuildFromBuffer},
 * which keeps every offset inside the file) and then {@link StructureCheck} (indexes, shapes, operator codes,
 * quantization, external buffer ranges). A file that fails any check gives a {@link ModelException} saying which and why.
 *
 * @param maxBytes largest accepted file
 * @param minBytes smallest accepted file
 */
public record ModelLoader(long maxBytes, long minBytes) {
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Header (root offset + identifier) plus the smallest possible Model table; real models are far larger. */
    public static final long DEFAULT_MIN_BYTES = 64;
    private static final String IDENTIFIER = "TFL3";
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    public ModelLoader {
        if (minBytes < 8 || maxBytes < minBytes || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("invalid size limits: min " + minBytes + ", max " + maxBytes);
        }
    }

    /** 64 MiB maximum, 64 bytes minimum. */
    public static ModelLoader defaults() {
        return new ModelLoader(DEFAULT_MAX_BYTES, DEFAULT_MIN_BYTES);
    }

    /** Loads and checks a model file; the size is checked before reading it. */
    public LoadedModel load(Path file) throws ModelException {
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model file " + file + " does not exist or is not a regular file");
        }
        try {
            long size = Files.size(file);
            checkSize(size, file.toString());
            return load(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new ModelException("model file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Checks model bytes; {@code source} names them in messages (e.g. "quantized in memory"). */
    public LoadedModel load(byte[] bytes, String source) throws ModelException {
        checkSize(bytes.length, source);
        String id = new String(bytes, 4, 4, StandardCharsets.ISO_8859_1);
        if (!IDENTIFIER.equals(id)) {
            throw new ModelException(source + " is not a TFLite model: file identifier is '" + printable(id)
                    + "', expected '" + IDENTIFIER + "'");
        }
        verifyFlatbuffer(bytes, source);
        Model model = SchemaReader.model(ByteBuffer.wrap(bytes));
        LoadedModel loaded;
        try {
            StructureCheck.check(model);
            ExternalBufferCheck.check(ByteBuffer.wrap(bytes), bytes.length);
            EmbeddedMetadata metadata = MetadataReader.read(model, bytes);
            loaded = new LoadedModel(source, bytes.clone(), sha256(bytes), model.version(), model.description(),
                    SchemaReader.io(model, true), SchemaReader.io(model, false), metadata);
        } catch (ModelException e) {
            throw new ModelException(source + " is invalid: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // e.g. a tensor name that is not UTF-8: the verifier checks structure, not string contents
            throw new ModelException(source + " is invalid: " + e, e);
        }
        LOG.debug("loaded {}", loaded);
        return loaded;
    }

    private void checkSize(long size, String source) throws ModelException {
        if (size > maxBytes) {
            throw new ModelException(source + " is " + size + " bytes, larger than the limit of " + maxBytes);
        }
        if (size < minBytes) {
            throw new ModelException(source + " is " + size + " bytes, too small to be a TFLite model (minimum "
                    + minBytes + "); empty or truncated file?");
        }
    }

    // TFLite's verifier walks every table and vector and proves all offsets and lengths stay inside the buffer.
    private static void verifyFlatbuffer(byte[] bytes, String source) throws ModelException {
        try (BytePointer native_ = new BytePointer(bytes)) {
            FlatBufferModel model = FlatBufferModel.VerifyAndBuildFromBuffer(native_, bytes.length);
            if (model == null || model.isNull()) {
                throw new ModelException(source + " failed the FlatBuffers verifier: truncated or corrupted file");
            }
            model.close();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
