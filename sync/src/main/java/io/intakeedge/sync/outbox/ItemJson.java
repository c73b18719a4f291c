package io.intakeedge.sync.outbox;

import io.intakeedge.sync.protocol.BatchEnvelope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The {@link BatchEnvelope} JSON written from text: items are rendered once on append and an envelope is their
 * concatenation, so the drain neither parses nor re-serialises a payload. Field order and names follow
 * {@link io.intakeedge.sync.protocol.BatchItem} and {@link BatchEnvelope}; ids and kinds are validated elsewhere
 * ({@code [A-Za-z0-9_-]}, known kinds) and need no escaping, instants are ISO-8601 like Jackson writes them.
 */
public final class ItemJson {
    private ItemJson() {
    }

    /** One item object; {@code payload} (UTF-8) is inserted verbatim (the caller checked it is one JSON object). */
    static void appendItem(ByteArrayOutputStream out, long seq, String kind, String createdAt, byte[] payload) {
        out.writeBytes(ascii("{\"seq\":" + seq + ",\"kind\":\"" + kind + "\",\"created_at\":\"" + createdAt
                + "\",\"payload\":"));
        out.writeBytes(payload);
        out.write('}');
    }

    /** The UTF-8 envelope of {@code batch} for {@code site}/{@code device}, sent at {@code sentAt}. */
    public static byte[] envelope(String site, String device, Instant sentAt, OutboxBatch batch) {
        byte[] head = ascii("{\"schema\":\"" + BatchEnvelope.SCHEMA + "\",\"site\":\"" + site + "\",\"device\":\""
                + device + "\",\"first_seq\":" + batch.firstSeq() + ",\"last_seq\":" + batch.lastSeq()
                + ",\"sent_at\":\"" + sentAt + "\",\"items\":[");
        int size = head.length + 2;
        for (OutboxGroup group : batch.groups()) {
            size += group.bytes() + 1;
        }
        byte[] out = new byte[size - 1];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (OutboxGroup group : batch.groups()) {
            if (at > head.length) {
                out[at++] = ',';
            }
            System.arraycopy(group.itemsJson(), 0, out, at, group.bytes());
            at += group.bytes();
        }
        out[at++] = ']';
        out[at] = '}';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
