package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.sync.protocol.ProtocolException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates what arrives on the v1 topic tree, for the collector and for the station's codec alike.
 * Every way a message can be wrong ends in a {@link ProtocolException} with a named {@link Reason}; nothing is
 * half-accepted. Item payloads come back as the exact text received. Thread-safe.
 */
public final class BatchReader {
    private final ObjectMapper json = Json.strict();
    private final EnvelopeScan scan = new EnvelopeScan(json);
    private final PayloadLimits limits;

    public BatchReader(PayloadLimits limits) {
        this.limits = limits;
    }

    /** The limits this reader applies. */
    public PayloadLimits limits() {
        return limits;
    }

    /**
     * A validated batch envelope.
     *
     * @param topic where it arrived (its site, device and channel must match), or null to skip that check
     */
    public ReceivedBatch readBatch(Topic topic, byte[] payload, String contentType) {
        String text = text(payload, contentType);
        EnvelopeScan.Scanned scanned = scan.scan(text);
        JsonNode root = scanned != null ? scanned.root() : tree(text);
        String schema = root.path("schema").asText(null);
        if (!BatchEnvelope.SCHEMA.equals(schema)) {
            throw new ProtocolException(Reason.WRONG_SCHEMA, "unsupported schema '" + schema + "': expected "
                    + BatchEnvelope.SCHEMA);
        }
        String site = id(root, "site");
        String device = id(root, "device");
        if (topic != null && (!site.equals(topic.site()) || !device.equals(topic.device()))) {
            throw new ProtocolException(Reason.TOPIC_MISMATCH, "payload names " + site + "/" + device
                    + " but arrived on " + topic.site() + "/" + topic.device());
        }
        long firstSeq = StrictFields.seq(root, "first_seq", "");
        long lastSeq = StrictFields.seq(root, "last_seq", "");
        Instant sentAt = StrictFields.instant(root, "sent_at", "");
        JsonNode itemNodes = root.get("items");
        if (itemNodes == null || !itemNodes.isArray() || itemNodes.isEmpty()) {
            throw new ProtocolException(Reason.INVALID, "batch has no items: 'items' must be a non-empty array");
        }
        List<ReceivedItem> items = items(topic, itemNodes,
                scanned != null ? scanned.payloads() : RawPayloads.of(text));
        long first = items.get(0).seq();
        long last = items.get(items.size() - 1).seq();
        if (first != firstSeq || last != lastSeq) {
            throw new ProtocolException(Reason.INVALID, "first_seq/last_seq " + firstSeq + "/" + lastSeq
                    + " do not match the items' " + first + "/" + last);
        }
        return new ReceivedBatch(site, device, firstSeq, lastSeq, sentAt, items);
    }

    /** A validated status message; its site and device must match the topic (when given). */
    public ReceivedStatus readStatus(Topic topic, byte[] payload, String contentType) {
        String text = text(payload, contentType);
        JsonNode root = tree(text);
        String schema = root.path("schema").asText(null);
        if (!StatusMessage.SCHEMA.equals(schema)) {
            throw new ProtocolException(Reason.WRONG_SCHEMA, "unsupported status schema '" + schema
                    + "': expected " + StatusMessage.SCHEMA);
        }
        StatusMessage status = convert(root, StatusMessage.class);
        StrictFields.inRange(status.at(), "status 'at'");
        if (topic != null && (!status.site().equals(topic.site()) || !status.device().equals(topic.device()))) {
            throw new ProtocolException(Reason.TOPIC_MISMATCH, "status names " + status.site() + "/"
                    + status.device() + " but arrived on " + topic.site() + "/" + topic.device());
        }
        return new ReceivedStatus(status, text);
    }

    /** A validated receipt (what the station reads). */
    public Receipt readReceipt(byte[] payload, String contentType) {
        return convert(tree(text(payload, contentType)), Receipt.class);
    }

    private List<ReceivedItem> items(Topic topic, JsonNode items, List<String> payloads) {
        List<ReceivedItem> parsed = new ArrayList<>(items.size());
        long previous = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            if (!node.isObject()) {
                throw new ProtocolException(Reason.INVALID, "every item must be an object, got " + node.getNodeType());
            }
            long seq = StrictFields.seq(node, "seq", "item ");
            if (seq <= previous) {
                throw new ProtocolException(Reason.INVALID, "items must be in strictly ascending seq order: "
                        + seq + " follows " + previous);
            }
            previous = seq;
            parsed.add(item(topic, seq, node, payloads.get(i)));
        }
        return parsed;
    }

    private ReceivedItem item(Topic topic, long seq, JsonNode item, String payloadText) {
        String where = "item " + seq + ": ";
        String kind = StrictFields.text(item, "kind", where);
        if (!ItemKind.isKnown(kind)) {
            throw new ProtocolException(Reason.INVALID, "item " + seq + " has unknown kind '" + kind
                    + "': expected trace, compacted, drift or event");
        }
        if (topic != null && !topic.channel().carries(kind)) {
            throw new ProtocolException(Reason.INVALID, where + "kind '" + kind + "' may not travel on '"
                    + topic.channel().leaf() + "'");
        }
        JsonNode payload = item.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new ProtocolException(Reason.INVALID, where + "item payload must be a JSON object, got "
                    + (payload == null ? "nothing" : payload.getNodeType()));
        }
        // the scan leaves payloads as text (an empty object in the tree): a summary's ranges need its tree
        List<SeqRange> covers = ItemKind.COMPACTED.equals(kind) ? CompactedRanges.of(seq, tree(payloadText))
                : List.of();
        return new ReceivedItem(seq, kind, StrictFields.instant(item, "created_at", where), payloadText, covers);
    }

    private static String id(JsonNode root, String field) {
        String value = StrictFields.text(root, field, "");
        if (!Ids.isValid(value)) {
            throw new ProtocolException(Reason.INVALID, field + " id '" + value + "' is invalid: use " + Ids.RULE);
        }
        return value;
    }

    private String text(byte[] payload, String contentType) {
        byte[] bytes = Gzip.decode(payload, contentType, limits);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Reason.UNDECODABLE, "payload is not UTF-8 text: " + e);
        }
    }

    private JsonNode tree(String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ProtocolException(Reason.MALFORMED, "payload is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(Reason.MALFORMED, "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private <T> T convert(JsonNode root, Class<T> type) {
        try {
            return json.treeToValue(root, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root2 = e;
            while (root2.getCause() != null && root2.getCause() != root2) {
                root2 = root2.getCause();
            }
            String why = root2 instanceof JsonProcessingException j ? j.getOriginalMessage() : root2.getMessage();
            throw new ProtocolException(Reason.INVALID, "not a valid " + type.getSimpleName() + ": "
                    + firstLine(why), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
