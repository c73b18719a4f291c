package io.intakeedge.sync.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.ItemKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes entries into the caller's transaction: checks them, reserves their seqs on the device's counter row (whose
 * lock serialises appenders until they commit, so rows become visible in seq order) and stores each run of one
 * priority and kind as one group row of at most {@value #GROUP_MAX_ITEMS} items / {@value #GROUP_MAX_BYTES} bytes.
 */
final class OutboxAppender {
    /** Largest group: small enough that a group fits the default batch of 200 items / 256 KiB twice. */
    static final int GROUP_MAX_ITEMS = 100;
    static final int GROUP_MAX_BYTES = 128 * 1024;

    private static final String BUMP_SEQ = "UPDATE sync_outbox_sequence SET last_seq = last_seq + ? WHERE device = ?";
    private static final String READ_SEQ = "SELECT last_seq FROM sync_outbox_sequence WHERE device = ?";
    private static final String INSERT = "INSERT INTO sync_outbox (device, seq, last_seq, priority, channel, kind,"
            + " created_at_ms, payload_bytes, items) VALUES (?,?,?,?,?,?,?,?,?)";

    /** One row to insert. */
    private record Row(OutboxEntry entry, OutboxGroup group) {
    }

    private final OutboxSettings settings;
    private final JsonFactory json = new JsonFactory();

    OutboxAppender(OutboxSettings settings) {
        this.settings = settings;
    }

    /** Validates every entry (nothing is written when one fails); returns their UTF-8 payloads. */
    byte[][] check(Connection tx, List<OutboxEntry> entries) throws SQLException {
        if (tx.getAutoCommit()) {
            throw new IllegalArgumentException("append needs the caller's transaction: turn auto-commit off so the "
                    + "outbox row commits together with the trace");
        }
        byte[][] payloads = new byte[entries.size()][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = checked(entries.get(i));
        }
        return payloads;
    }

    /** Reserves seqs and inserts the groups; returns the bytes stored and fills {@code seqs}. */
    long write(Connection tx, List<OutboxEntry> entries, byte[][] payloads, long[] seqs) throws SQLException {
        long first = nextSeq(tx, entries.size()) - entries.size() + 1;
        long now = System.currentTimeMillis();
        List<Row> rows = group(entries, payloads, first, Instant.ofEpochMilli(now).toString());
        long bytes = 0;
        try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
            for (Row row : rows) {
                bind(insert, row, now);
                bytes += row.group().bytes();
                if (rows.size() == 1) {
                    insert.executeUpdate();
                } else {
                    insert.addBatch();
                }
            }
            if (rows.size() > 1) {
                insert.executeBatch();
            }
        }
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = first + i;
        }
        return bytes;
    }

    private void bind(PreparedStatement insert, Row row, long now) throws SQLException {
        insert.setString(1, settings.device());
        insert.setLong(2, row.group().firstSeq());
        insert.setLong(3, row.group().lastSeq());
        insert.setInt(4, row.entry().priority().rank());
        insert.setString(5, Channel.forKind(row.entry().kind()).leaf());
        insert.setString(6, row.entry().kind());
        insert.setLong(7, now);
        insert.setInt(8, row.group().bytes());
        insert.setBytes(9, row.group().itemsJson());
    }

    /** Splits {@code entries} into runs of one priority and kind, each rendered as items JSON. */
    private static List<Row> group(List<OutboxEntry> entries, byte[][] payloads, long firstSeq, String now) {
        List<Row> rows = new ArrayList<>();
        ByteArrayOutputStream items = new ByteArrayOutputStream(Math.min(GROUP_MAX_BYTES, 1024 * entries.size()));
        int start = 0;
        for (int i = 0; i < entries.size(); i++) {
            OutboxEntry entry = entries.get(i);
            if (i > start && (!sameRun(entries.get(start), entry) || i - start >= GROUP_MAX_ITEMS
                    || items.size() + payloads[i].length > GROUP_MAX_BYTES)) {
                rows.add(new Row(entries.get(start), new OutboxGroup(firstSeq + start, firstSeq + i - 1,
                        items.toByteArray())));
                items.reset();
                start = i;
            }
            if (i > start) {
                items.write(',');
            }
            ItemJson.appendItem(items, firstSeq + i, entry.kind(), now, payloads[i]);
        }
        rows.add(new Row(entries.get(start), new OutboxGroup(firstSeq + start, firstSeq + entries.size() - 1,
                items.toByteArray())));
        return rows;
    }

    private static boolean sameRun(OutboxEntry a, OutboxEntry b) {
        return a.priority() == b.priority() && a.kind().equals(b.kind());
    }

    /** Reserves {@code count} seqs and returns the last one. */
    private long nextSeq(Connection tx, int count) throws SQLException {
        try (PreparedStatement bump = tx.prepareStatement(BUMP_SEQ);
                PreparedStatement read = tx.prepareStatement(READ_SEQ)) {
            bump.setInt(1, count);
            bump.setString(2, settings.device());
            bump.executeUpdate(); // locks the counter row until the caller commits
            read.setString(1, settings.device());
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no sequence row for device " + settings.device()
                            + ": was the outbox opened on another database?");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Validates one entry and returns its UTF-8 payload. */
    private byte[] checked(OutboxEntry entry) {
        Channel.forKind(entry.kind());
        if (ItemKind.COMPACTED.equals(entry.kind())) {
            throw new IllegalArgumentException("kind 'compacted' is reserved for summaries written by the outbox");
        }
        byte[] payload = entry.payloadJson().getBytes(StandardCharsets.UTF_8);
        if (payload.length > settings.maxEntryBytes()) {
            throw new IllegalArgumentException("outbox " + entry.kind() + " payload of " + payload.length
                    + " bytes exceeds maxEntryBytes " + settings.maxEntryBytes());
        }
        requireJsonObject(entry, payload);
        return payload;
    }

    private void requireJsonObject(OutboxEntry entry, byte[] payload) {
        try (JsonParser p = json.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("outbox " + entry.kind() + " payload must be a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("outbox " + entry.kind() + " payload has data after the object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("outbox " + entry.kind() + " payload is not valid JSON: "
                    + e.getMessage(), e);
        }
    }
}
