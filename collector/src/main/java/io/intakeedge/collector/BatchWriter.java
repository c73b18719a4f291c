package io.intakeedge.collector;

import io.intakeedge.sync.protocol.ReceivedBatch;
import io.intakeedge.sync.protocol.ReceivedItem;
import io.intakeedge.sync.protocol.SeqRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes one validated batch inside the caller's transaction. Each item ends as one of three things: new (stored),
 * a duplicate (the same content is stored already: a redelivery), or a conflict (the same {@code (device, seq)}
 * with other content). A conflict keeps both versions, so a publisher that got there first cannot make the
 * station's real item disappear as a "duplicate".
 */
final class BatchWriter {
    private final Connection c;

    BatchWriter(Connection c) {
        this.c = c;
    }

    /** What became of a batch's items. */
    record Tally(int stored, int duplicates, int conflicts, int newConflicts) {
    }

    Tally write(ReceivedBatch batch, Instant now) throws SQLException {
        Map<Long, Version> known = stored(batch);
        List<ReceivedItem> fresh = new ArrayList<>();
        List<ReceivedItem> conflicting = new ArrayList<>();
        for (ReceivedItem item : batch.items()) {
            Version stored = known.get(item.seq());
            if (stored == null) {
                fresh.add(item);
            } else if (!stored.sameAs(item)) {
                conflicting.add(item);
            }
        }
        insertItems(batch, fresh, now);
        int newConflicts = keepConflicts(batch, conflicting, now);
        int duplicates = batch.items().size() - fresh.size() - conflicting.size();
        updateDeviceStats(batch, fresh.size(), duplicates + conflicting.size() - newConflicts, newConflicts, now);
        return new Tally(fresh.size(), duplicates, conflicting.size(), newConflicts);
    }

    /**
     * The stored version of each of the batch's seqs that exists. Looked up by runs of seqs: a run of consecutive
     * seqs (the normal batch is one) is one range scan of the primary key; a gap starts a new run, so a forged batch
     * spanning 1..2^53 reads at most as many rows as it has items, never the device's whole history. (H2 evaluated
     * {@code seq IN (...)} against every stored row of the device: per message cost grew with the history.)
     */
    private Map<Long, Version> stored(ReceivedBatch batch) throws SQLException {
        Map<Long, Version> known = new HashMap<>();
        List<ReceivedItem> items = batch.items(); // strictly ascending seqs (BatchReader checks)
        try (PreparedStatement select = c.prepareStatement("SELECT seq, kind, created_at, payload FROM"
                + " received_item WHERE device = ? AND seq BETWEEN ? AND ?")) {
            select.setString(1, batch.device());
            int from = 0;
            for (int i = 1; i <= items.size(); i++) {
                if (i < items.size() && items.get(i).seq() == items.get(i - 1).seq() + 1) {
                    continue;
                }
                select.setLong(2, items.get(from).seq());
                select.setLong(3, items.get(i - 1).seq());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        OffsetDateTime created = rows.getObject(3, OffsetDateTime.class);
                        known.put(rows.getLong(1), new Version(rows.getString(2),
                                created == null ? null : created.toInstant(), rows.getString(4)));
                    }
                }
                from = i;
            }
        }
        return known;
    }

    private void insertItems(ReceivedBatch batch, List<ReceivedItem> items, Instant now) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        // a concurrent collector inserting the same (device, seq) makes this fail; the store retries the message
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO received_item (device, seq, site, kind,"
                + " created_at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ReceivedItem item : items) {
                insert.setString(1, batch.device());
                insert.setLong(2, item.seq());
                insert.setString(3, batch.site());
                insert.setString(4, item.kind());
                insert.setObject(5, utc(item.createdAt()));
                insert.setString(6, item.payloadJson());
                insert.setObject(7, utc(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        insertCoverage(batch.device(), items);
    }

    private void insertCoverage(String device, List<ReceivedItem> items) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO compacted_range (device, seq,"
                + " range_first, range_last) VALUES (?, ?, ?, ?)")) {
            int rows = 0;
            for (ReceivedItem item : items) {
                for (SeqRange range : item.covers()) {
                    insert.setString(1, device);
                    insert.setLong(2, item.seq());
                    insert.setLong(3, range.first());
                    insert.setLong(4, range.last());
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    /** Keeps each conflicting version once (keyed by its digest); returns how many were new. */
    private int keepConflicts(ReceivedBatch batch, List<ReceivedItem> items, Instant now) throws SQLException {
        int added = 0;
        for (ReceivedItem item : items) {
            String digest = digest(item);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM conflict_item WHERE device = ? AND seq = ? AND digest = ?")) {
                select.setString(1, batch.device());
                select.setLong(2, item.seq());
                select.setString(3, digest);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        continue; // this very version was kept before: a redelivery of the conflict
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO conflict_item (device, seq, digest, site,"
                    + " kind, created_at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, batch.device());
                insert.setLong(2, item.seq());
                insert.setString(3, digest);
                insert.setString(4, batch.site());
                insert.setString(5, item.kind());
                insert.setObject(6, utc(item.createdAt()));
                insert.setString(7, item.payloadJson());
                insert.setObject(8, utc(now));
                insert.executeUpdate();
            }
            added++;
        }
        return added;
    }

    private void updateDeviceStats(ReceivedBatch batch, int stored, int duplicates, int conflicts, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE device_stats SET site = ?,"
                + " messages = messages + 1, items = items + ?, duplicates = duplicates + ?, conflicts = conflicts + ?,"
                + " highest_seq = GREATEST(highest_seq, ?), last_message = ? WHERE device = ?")) {
            update.setString(1, batch.site());
            update.setLong(2, stored);
            update.setLong(3, duplicates);
            update.setLong(4, conflicts);
            update.setLong(5, batch.lastSeq());
            update.setObject(6, utc(now));
            update.setString(7, batch.device());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO device_stats (device, site, messages,"
                + " items, duplicates, conflicts, highest_seq, last_message) VALUES (?, ?, 1, ?, ?, ?, ?, ?)")) {
            insert.setString(1, batch.device());
            insert.setString(2, batch.site());
            insert.setLong(3, stored);
            insert.setLong(4, duplicates);
            insert.setLong(5, conflicts);
            insert.setLong(6, batch.lastSeq());
            insert.setObject(7, utc(now));
            insert.executeUpdate();
        }
    }

    static String digest(ReceivedItem item) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((item.kind() + "\n" + micros(item.createdAt()) + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(item.payloadJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // both databases keep timestamps to the microsecond; compare at that precision or every redelivery of a
    // nanosecond timestamp would look like a conflict
    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The content of a stored item that a redelivery must repeat exactly. */
    private record Version(String kind, Instant createdAt, String payload) {
        boolean sameAs(ReceivedItem item) {
            // rows stored before created_at was required may lack it: compare what there is
            boolean sameTime = createdAt == null || micros(createdAt).equals(micros(item.createdAt()));
            return kind.equals(item.kind()) && sameTime && payload.equals(item.payloadJson());
        }
    }
}
