package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * JSON codec for {@link BatchEnvelope}, {@link StatusMessage} and {@link Receipt}, with optional gzip announced
 * through the MQTT 5 {@code content-type} property. Thread-safe.
 *
 * <p>Decoding goes through {@link BatchReader}, the same validation the collector applies: unknown schema, missing
 * fields, seq out of order or not an integer, payloads that are not objects are rejected with a
 * {@link ProtocolException} naming the reason. Sizes follow {@link PayloadLimits}.
 */
public final class BatchCodec {
    /** Content type of an uncompressed JSON envelope. */
    public static final String JSON = Gzip.JSON;
    /** Content type of a gzip-compressed JSON envelope. */
    public static final String JSON_GZIP = Gzip.JSON_GZIP;
    /** Default cap on a decoded (decompressed) message. */
    public static final int DEFAULT_MAX_DECODED_BYTES = PayloadLimits.DEFAULT_MAX_DECODED_BYTES;

    private final ObjectMapper mapper = Json.strict();
    private final BatchReader reader;

    public BatchCodec() {
        this(PayloadLimits.DEFAULT);
    }

    /** @param maxDecodedBytes largest accepted message, on the wire and after decompression */
    public BatchCodec(int maxDecodedBytes) {
        this(new PayloadLimits(maxDecodedBytes, maxDecodedBytes));
    }

    public BatchCodec(PayloadLimits limits) {
        this.reader = new BatchReader(limits);
    }

    /** The shared mapper (ISO-8601 instants), for callers that build payload JSON. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Encodes an envelope, gzip-compressed when {@code gzip}. */
    public EncodedPayload encode(BatchEnvelope envelope, boolean gzip) {
        return encodeValue(envelope, gzip);
    }

    /**
     * Wraps envelope JSON the caller wrote itself (the outbox renders items once on append, see
     * {@code ItemJson}), gzip-compressed when {@code gzip}.
     */
    public EncodedPayload encodeJson(byte[] json, boolean gzip) {
        return gzip ? new EncodedPayload(Gzip.compress(json), JSON_GZIP) : new EncodedPayload(json, JSON);
    }

    /** Encodes a status message (never compressed: it is small and read by humans with mosquitto_sub). */
    public EncodedPayload encode(StatusMessage status) {
        return encodeValue(status, false);
    }

    /** Encodes a receipt (never compressed: it is small). */
    public EncodedPayload encode(Receipt receipt) {
        return encodeValue(receipt, false);
    }

    /** Decodes a receipt. */
    public Receipt decodeReceipt(byte[] payload, String contentType) {
        return reader.readReceipt(payload, contentType);
    }

    /** Decodes an envelope received with the given MQTT 5 content type (null: JSON, or gzip by its magic number). */
    public BatchEnvelope decodeBatch(byte[] payload, String contentType) {
        ReceivedBatch batch = reader.readBatch(null, payload, contentType);
        List<BatchItem> items = batch.items().stream()
                .map(i -> new BatchItem(i.seq(), i.kind(), i.createdAt(), i.payloadJson())).toList();
        return BatchEnvelope.of(batch.site(), batch.device(), batch.sentAt(), items);
    }

    /** Decodes a status message. */
    public StatusMessage decodeStatus(byte[] payload, String contentType) {
        return reader.readStatus(null, payload, contentType).status();
    }

    private EncodedPayload encodeValue(Object value, boolean gzip) {
        try {
            byte[] json = mapper.writeValueAsBytes(value);
            return gzip ? new EncodedPayload(Gzip.compress(json), JSON_GZIP) : new EncodedPayload(json, JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
