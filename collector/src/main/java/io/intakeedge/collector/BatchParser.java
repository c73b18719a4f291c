package io.intakeedge.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.collector.RejectedMessageException.Reason;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Decodes and validates what arrives on the v1 topic tree. Every way a message can be wrong ends in a
 * {@link RejectedMessageException} naming what and why; nothing is half-accepted.
 */
public final class BatchParser {

    /** The only envelope schema this collector understands. */
    public static final String SCHEMA = "intake.batch/1";
    static final String GZIP_CONTENT_TYPE = "application/json+gzip";

    // gzip bombs: a small compressed message may not inflate beyond this multiple of the size limit
    private static final int MAX_INFLATION = 32;

    private final ObjectMapper json = new ObjectMapper();
    private final int maxPayloadBytes;

    public BatchParser(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Checks the size, then decompresses (when announced or recognizable as gzip) and parses the JSON document. */
    public JsonNode decode(byte[] payload, String contentType) throws RejectedMessageException {
        if (payload.length > maxPayloadBytes) {
            throw new RejectedMessageException(Reason.OVERSIZED,
                    payload.length + " bytes exceeds the limit of " + maxPayloadBytes + " bytes");
        }
        byte[] text = isGzip(payload, contentType) ? gunzip(payload) : payload;
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RejectedMessageException(Reason.MALFORMED, "payload is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RejectedMessageException(Reason.MALFORMED, "not valid JSON: " + firstLine(e));
        }
    }

    /** Validates a batch envelope against docs/mqtt.md and the topic it arrived on. */
    public ReceivedBatch parseBatch(TopicAddress topic, JsonNode root) throws RejectedMessageException {
        String schema = root.path("schema").asText(null);
        if (!SCHEMA.equals(schema)) {
            throw new RejectedMessageException(Reason.WRONG_SCHEMA,
                    "schema is '" + schema + "', this collector reads '" + SCHEMA + "'");
        }
        String site = requiredText(root, "site");
        String device = requiredText(root, "device");
        if (!site.equals(topic.site()) || !device.equals(topic.device())) {
            throw invalid("payload names " + site + "/" + device + " but arrived on " + topic.site() + "/"
                    + topic.device());
        }
        long firstSeq = requiredSeq(root, "first_seq");
        long lastSeq = requiredSeq(root, "last_seq");
        JsonNode items = root.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw invalid("'items' must be a non-empty array");
        }
        List<ReceivedItem> parsed = new ArrayList<>(items.size());
        long previous = Long.MIN_VALUE;
        for (JsonNode item : items) {
            ReceivedItem next = parseItem(topic, item);
            if (next.seq() <= previous) {
                throw invalid("item seq " + next.seq() + " follows " + previous + ": items must ascend strictly");
            }
            previous = next.seq();
            parsed.add(next);
        }
        if (parsed.get(0).seq() != firstSeq || previous != lastSeq) {
            throw invalid("items run " + parsed.get(0).seq() + ".." + previous + " but the envelope says "
                    + firstSeq + ".." + lastSeq);
        }
        return new ReceivedBatch(site, device, firstSeq, lastSeq, parsed);
    }

    private ReceivedItem parseItem(TopicAddress topic, JsonNode item) throws RejectedMessageException {
        if (!item.isObject()) {
            throw invalid("every item must be an object");
        }
        long seq = requiredSeq(item, "seq");
        String kind = requiredText(item, "kind");
        if (!topic.carries(kind)) {
            throw invalid("item " + seq + " of kind '" + kind + "' may not travel on '" + topic.leaf() + "'");
        }
        JsonNode payload = item.get("payload");
        if (payload == null || !payload.isObject()) {
            throw invalid("item " + seq + " has no 'payload' object");
        }
        List<SeqRange> covers = kind.equals("compacted") ? coveredRanges(seq, payload) : List.of();
        return new ReceivedItem(seq, kind, optionalInstant(item, "created_at"), payload.toString(), covers);
    }

    /** {@code ranges} ([[a,b],...]) when the summary lists them, else the whole first_seq..last_seq. */
    private List<SeqRange> coveredRanges(long seq, JsonNode payload) throws RejectedMessageException {
        long first = requiredSeq(payload, "first_seq");
        long last = requiredSeq(payload, "last_seq");
        if (last < first) {
            throw invalid("compacted item " + seq + " covers " + first + ".." + last + ", which ends before it starts");
        }
        JsonNode ranges = payload.get("ranges");
        if (ranges == null) {
            return List.of(new SeqRange(first, last));
        }
        if (!ranges.isArray() || ranges.isEmpty()) {
            throw invalid("compacted item " + seq + ": 'ranges' must be a non-empty array of [first, last] pairs");
        }
        List<SeqRange> covers = new ArrayList<>(ranges.size());
        for (JsonNode range : ranges) {
            if (!range.isArray() || range.size() != 2) {
                throw invalid("compacted item " + seq + ": range " + range + " is not a [first, last] pair");
            }
            long a = requiredSeq(range, 0);
            long b = requiredSeq(range, 1);
            if (b < a || a < first || b > last) {
                throw invalid("compacted item " + seq + ": range " + range + " lies outside " + first + ".." + last
                        + " or ends before it starts");
            }
            covers.add(new SeqRange(a, b));
        }
        return covers;
    }

    private static boolean isGzip(byte[] payload, String contentType) {
        if (contentType != null) {
            return contentType.equalsIgnoreCase(GZIP_CONTENT_TYPE);
        }
        // no MQTT 5 content-type (e.g. a v3 publisher): recognize the gzip magic number instead
        return payload.length >= 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    }

    private byte[] gunzip(byte[] payload) throws RejectedMessageException {
        long limit = (long) maxPayloadBytes * MAX_INFLATION;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > limit) {
                    throw new RejectedMessageException(Reason.OVERSIZED,
                            "gzip payload inflates beyond " + limit + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new RejectedMessageException(Reason.UNDECODABLE, "announced gzip but cannot inflate: " + e);
        }
    }

    private static String requiredText(JsonNode node, String field) throws RejectedMessageException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw invalid("required text field '" + field + "' is missing or empty");
        }
        return value.asText();
    }

    private static long requiredSeq(JsonNode node, String field) throws RejectedMessageException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw invalid("required field '" + field + "' must be a non-negative integer, got " + value);
        }
        return value.asLong();
    }

    private static long requiredSeq(JsonNode array, int index) throws RejectedMessageException {
        JsonNode value = array.get(index);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw invalid("range bound " + value + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static Instant optionalInstant(JsonNode node, String field) throws RejectedMessageException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw invalid("'" + field + "' is not an ISO-8601 instant: " + value);
        }
    }

    private static RejectedMessageException invalid(String detail) {
        return new RejectedMessageException(Reason.INVALID, detail);
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
