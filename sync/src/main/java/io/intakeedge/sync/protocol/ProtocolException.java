package io.intakeedge.sync.protocol;

import java.util.Locale;

/**
 * A received message does not follow the contract. {@link #reason()} names the category (stored as the
 * dead-letter reason), the message says exactly what is wrong.
 */
public class ProtocolException extends RuntimeException {

    /** Why a message is refused; the names (lower case) are the dead-letter reasons of docs/collector.md. */
    public enum Reason {
        /** Not JSON, or not a JSON object. */
        MALFORMED,
        /** Larger than the limit on the wire or after inflating. */
        OVERSIZED,
        /** A schema this side does not read. */
        WRONG_SCHEMA,
        /** Not decodable: unknown content type, broken gzip, not UTF-8. */
        UNDECODABLE,
        /** Structure or field rules broken (missing field, unknown kind, order, topic). */
        INVALID,
        /** A number that must be an integer is a fraction, an exponent or too large. */
        NOT_AN_INTEGER,
        /** A value outside its allowed range (seq, time, compacted range). */
        OUT_OF_RANGE,
        /** Site or device in the payload differ from the topic it arrived on. */
        TOPIC_MISMATCH;

        /** The reason as stored, e.g. {@code not_an_integer}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public ProtocolException(String message) {
        this(Reason.INVALID, message);
    }

    public ProtocolException(String message, Throwable cause) {
        this(Reason.INVALID, message, cause);
    }

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
