package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.sync.protocol.ProtocolException.Reason;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
            at = parseInstant(value.asText());
        } catch (DateTimeParseException e) {
            throw new ProtocolException(Reason.INVALID, where + "'" + field + "' is not an ISO-8601 instant: "
                    + abbreviate(value));
        }
        return inRange(at, where + "'" + field + "'");
    }

    /**
     * {@link Instant#parse}, with a fast path for the form every station writes ({@code 2026-11-23T09:40:59.001Z}:
     * four-digit year, one to nine fraction digits or none): the formatter took more collector CPU per item than
     * the item's JSON. Any other text, and any value out of range, goes to {@link Instant#parse}, so what is accepted
     * and its value are the same.
     */
    static Instant parseInstant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || (n > 20 && (text.charAt(19) != '.' || n == 21))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0) {
            return Instant.parse(text);
        }
        for (int i = n - 1; i < 29; i++) {
            fraction *= 10; // 1 to 9 digits: scale to nanoseconds
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, n > 20 ? fraction : 0)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return Instant.parse(text); // e.g. February 30th or a leap second: the formatter's answer
        }
    }

    /** The decimal value of {@code text[from, to)}, or -1 if any char is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
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
