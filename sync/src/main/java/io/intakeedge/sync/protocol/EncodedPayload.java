package io.intakeedge.sync.protocol;

import java.util.Objects;

/**
 * Bytes ready for an MQTT PUBLISH plus the MQTT 5 {@code content-type} property that describes them.
 *
 * @param bytes       the message payload
 * @param contentType {@link BatchCodec#JSON} or {@link BatchCodec#JSON_GZIP}
 */
public record EncodedPayload(byte[] bytes, String contentType) {
    public EncodedPayload {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
    }

    /** MQTT 5 payload-format-indicator: true (UTF-8) only for uncompressed JSON. */
    public boolean utf8() {
        return BatchCodec.JSON.equals(contentType);
    }
}
