package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.sync.protocol.ProtocolException.Reason;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of contract fields from a parsed tree, each refusing with a named reason. Integers must be JSON
 * integers: {@code 2.0}, {@code 1E2} and {@code -0.0} are numbers Jackson could convert, and exactly what a
 * forger would try, so they are refused rather than rounded.
 */
final class StrictFields {
    /** Highest accepted seq: 2^53-1, exact in every JSON reader, so {@code last + 1} never overflows. */
    static final long MAX_SEQ = (1L << 53) - 1;
    /** Earliest accepted instant. */
    static final Instant MIN_TIME = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest accepted instant: the end of year 9999, what SQL timestamps hold. */
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private StrictFields() {
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ProtocolException(Reason.INVALID, where + "required text field '" + field
                    + "' is missing or empty");
        }
        return value.asText();
    }

    /** A seq: a JSON integer in {@code [1, MAX_SEQ]}. */
    static long seq(JsonNode node, String field, String where) {
        return seq(node.get(field), where + "'" + field + "'");
    }

    static long seq(JsonNode value, String what) {
        if (value == null || value.isNull()) {
            throw new ProtocolException(Reason.INVALID, what + " is missing");
        }
        if (!value.isIntegralNumber()) {
            throw new ProtocolException(value.isNumber() ? Reason.NOT_AN_INTEGER : Reason.INVALID,
                    what + " must be an integer, got " + abbreviate(value));
        }
        if (!value.canConvertToLong() || value.asLong() < 1 || value.asLong() > MAX_SEQ) {
            throw new ProtocolException(Reason.OUT_OF_RANGE, what + " must be in [1, " + MAX_SEQ + "], got "
                    + abbreviate(value));
        }
        return value.asLong();
    }

    /** An ISO-8601 instant between {@link #MIN_TIME} and {@link #MAX_TIME}. */
    static Instant instant(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ProtocolException(Reason.INVALID, where + "'" + field + "' must be an ISO-8601 instant text,"
                    + " got " + (value == null ? "nothing" : abbreviate(value)));
        }
        Instant at;
        try {
            at = Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new ProtocolException(Reason.INVALID, where + "'" + field + "' is not an ISO-8601 instant: "
                    + abbreviate(value));
        }
        return inRange(at, where + "'" + field + "'");
    }

    static Instant inRange(Instant at, String what) {
        if (at.isBefore(MIN_TIME) || at.isAfter(MAX_TIME)) {
            throw new ProtocolException(Reason.OUT_OF_RANGE, what + " " + at + " lies outside " + MIN_TIME + ".."
                    + MAX_TIME);
        }
        return at;
    }

    static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
