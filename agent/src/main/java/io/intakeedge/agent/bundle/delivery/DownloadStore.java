package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.agent.trace.AgentDatabase;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Downloads in the agent's H2 file (table {@code bundle_download}, migration V5): the job and the blocks still
 * missing, so a download resumes after a restart and fetches only those. Needs the agent schema, which
 * {@code TraceStore} migrates when the station opens its database.
 */
public final class DownloadStore {
    /** States of a download row. */
    public static final String DOWNLOADING = "downloading";
    public static final String DOWNLOADED = "downloaded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    /** Downloaded and handed to the {@link BundleInbox}. */
    public static final String OFFERED = "offered";

    /** One download as stored. */
    public record Row(String sha256, String rolloutId, long sequence, byte[] jobDocument, String state,
                      int blocksTotal, BitSet missing, String reason) {
        public int blocksMissing() {
            return missing.cardinality();
        }
    }

    private static final String COLUMNS = "sha256, rollout_id, sequence, job, state, blocks_total, missing, reason";

    private final AgentDatabase db;

    public DownloadStore(AgentDatabase db) {
        this.db = db;
    }

    public Optional<Row> find(String sha256) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM bundle_download WHERE sha256 = ?")) {
            s.setString(1, sha256);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** Every row in state {@code state}, oldest first. */
    public List<Row> inState(String state) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM bundle_download WHERE state = ? ORDER BY started_at")) {
            s.setString(1, state);
            List<Row> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        }
    }

    /** The highest sequence this station downloaded completely, if any. */
    public Optional<Long> highestDownloaded() throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT MAX(sequence) FROM bundle_download WHERE state IN ('" + DOWNLOADED + "', '"
                             + OFFERED + "')");
             ResultSet r = s.executeQuery()) {
            r.next();
            long v = r.getLong(1);
            return r.wasNull() ? Optional.empty() : Optional.of(v);
        }
    }

    /** Starts a download with every block missing. */
    public Row start(BundleJob job, byte[] jobDocument) throws SQLException {
        BitSet missing = new BitSet(job.blockCount());
        missing.set(0, job.blockCount());
        Instant now = Instant.now();
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("INSERT INTO bundle_download (sha256, rollout_id, sequence, "
                     + "job, state, blocks_total, blocks_missing, missing, started_at, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, job.sha256());
            s.setString(2, job.rolloutId());
            s.setLong(3, job.sequence());
            s.setString(4, new String(jobDocument, StandardCharsets.UTF_8));
            s.setString(5, DOWNLOADING);
            s.setInt(6, job.blockCount());
            s.setInt(7, job.blockCount());
            s.setBytes(8, bitmap(missing, job.blockCount()));
            s.setObject(9, utc(now));
            s.setObject(10, utc(now));
            s.executeUpdate();
            AgentDatabase.writeThrough(c, false); // the resume point must survive a kill -9
        }
        return new Row(job.sha256(), job.rolloutId(), job.sequence(), jobDocument, DOWNLOADING, job.blockCount(),
                missing, null);
    }

    /** Records which blocks are still missing (after their bytes reached the file and it was forced). */
    public void saveMissing(String sha256, BitSet missing, int blocksTotal) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("UPDATE bundle_download SET missing = ?, blocks_missing = ?, "
                     + "updated_at = ? WHERE sha256 = ?")) {
            s.setBytes(1, bitmap(missing, blocksTotal));
            s.setInt(2, missing.cardinality());
            s.setObject(3, utc(Instant.now()));
            s.setString(4, sha256);
            s.executeUpdate();
            AgentDatabase.writeThrough(c, false); // the resume point must survive a kill -9
        }
    }

    public void setState(String sha256, String state, String reason) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("UPDATE bundle_download SET state = ?, reason = ?, "
                     + "updated_at = ? WHERE sha256 = ?")) {
            s.setString(1, state);
            s.setString(2, reason);
            s.setObject(3, utc(Instant.now()));
            s.setString(4, sha256);
            s.executeUpdate();
            AgentDatabase.writeThrough(c, false); // the resume point must survive a kill -9
        }
    }

    public void delete(String sha256) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("DELETE FROM bundle_download WHERE sha256 = ?")) {
            s.setString(1, sha256);
            s.executeUpdate();
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        int total = r.getInt("blocks_total");
        return new Row(r.getString("sha256"), r.getString("rollout_id"), r.getLong("sequence"),
                r.getString("job").getBytes(StandardCharsets.UTF_8), r.getString("state"), total,
                BitSet.valueOf(r.getBytes("missing")), r.getString("reason"));
    }

    /** Fixed length, so the column's size says how many blocks the archive has even when few are missing. */
    private static byte[] bitmap(BitSet missing, int blocks) {
        byte[] out = new byte[(blocks + 7) / 8];
        byte[] bits = missing.toByteArray();
        System.arraycopy(bits, 0, out, 0, Math.min(bits.length, out.length));
        return out;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
