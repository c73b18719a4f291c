package io.intakeedge.agent.trace;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Maps {@link Trace} to and from the {@code agent_trace} row (schema: {@code db/migration/agent}). */
final class TraceRows {
    static final String COLUMNS = "trace_id, device_id, station_id, camera_id, frame_index, frame_origin, parcel_seq, "
            + "captured_at, decided_at, bundle_id, bundle_version, model_sha256, preprocess_id, label_version, "
            + "positive_label, blur_score, laplacian_variance, brightness, under_exposed, over_exposed, "
            + "parcel_visible, parcel_complete, box_x, box_y, box_width, box_height, gate_passed, gate_reasons, "
            + "positive_score, damage_threshold, route, reason, capture_us, quality_us, preprocess_us, invoke_us, "
            + "route_us, store_us, total_us, backend, evidence_path, error_text, parcel_locator, locator_fault, "
            + "max_blur, min_brightness, max_over_exposed, backend_nodes, model_nodes";
    static final String INSERT = "INSERT INTO agent_trace (" + COLUMNS + ") VALUES ("
            + "?, ".repeat(48) + "?)";
    /** {@link #INSERT} with the outbox seq the trace's item got (retention waits for it to leave the outbox). */
    static final String INSERT_LINKED = "INSERT INTO agent_trace (" + COLUMNS + ", outbox_seq) VALUES ("
            + "?, ".repeat(49) + "?)";
    static final String INSERT_SCORE =
            "INSERT INTO agent_trace_score (trace_id, label_index, label, score) VALUES (?, ?, ?, ?)";

    private TraceRows() {
    }

    static void bind(PreparedStatement ps, Trace t) throws SQLException {
        int i = 0;
        ps.setObject(++i, t.traceId());
        ps.setString(++i, t.deviceId());
        ps.setString(++i, t.stationId());
        ps.setString(++i, t.cameraId());
        ps.setLong(++i, t.frameIndex());
        ps.setString(++i, t.frameOrigin());
        ps.setObject(++i, t.parcelSeq(), Types.BIGINT);
        ps.setObject(++i, utc(t.capturedAt()));
        ps.setObject(++i, utc(t.decidedAt()));
        BundleRef b = t.bundle();
        for (String value : b == null ? new String[6] : new String[] {b.id(), b.version(), b.modelSha256(),
                b.preprocessId(), b.labelVersion(), b.positiveLabel()}) {
            ps.setString(++i, value);
        }
        i = bindQuality(ps, i, t.quality());
        ps.setObject(++i, t.gatePassed(), Types.BOOLEAN);
        ps.setString(++i, String.join(",", t.gateReasons()));
        ps.setObject(++i, t.positiveScore(), Types.DOUBLE);
        ps.setObject(++i, t.threshold(), Types.DOUBLE);
        ps.setString(++i, t.route().code());
        ps.setString(++i, t.reason().code());
        StageLatencies l = t.latency();
        for (long micros : new long[] {l.captureMicros(), l.qualityMicros(), l.preprocessMicros(), l.invokeMicros(),
                l.routeMicros(), l.storeMicros(), l.totalMicros()}) {
            ps.setLong(++i, micros);
        }
        ps.setString(++i, t.backend());
        ps.setString(++i, t.evidencePath());
        ps.setString(++i, t.error());
        ps.setString(++i, t.quality() == null ? null : t.quality().locator());
        ps.setString(++i, t.quality() == null ? null : t.quality().locatorFault());
        GateThresholds g = t.gateThresholds();
        ps.setObject(++i, g == null ? null : g.maxBlur(), Types.DOUBLE);
        ps.setObject(++i, g == null ? null : g.minBrightness(), Types.DOUBLE);
        ps.setObject(++i, g == null ? null : g.maxOverExposedFraction(), Types.DOUBLE);
        BackendNodes nodes = t.backendNodes();
        ps.setObject(++i, nodes == null ? null : nodes.nodes(), Types.INTEGER);
        ps.setObject(++i, nodes == null ? null : nodes.modelNodes(), Types.INTEGER);
    }

    private static int bindQuality(PreparedStatement ps, int i, QualityMetrics q) throws SQLException {
        ps.setObject(++i, q == null ? null : q.blurScore(), Types.DOUBLE);
        ps.setObject(++i, q == null ? null : q.laplacianVariance(), Types.DOUBLE);
        ps.setObject(++i, q == null ? null : q.brightness(), Types.DOUBLE);
        ps.setObject(++i, q == null ? null : q.underExposedFraction(), Types.DOUBLE);
        ps.setObject(++i, q == null ? null : q.overExposedFraction(), Types.DOUBLE);
        ps.setObject(++i, q == null ? null : q.parcelVisible(), Types.BOOLEAN);
        ps.setObject(++i, q == null ? null : q.parcelComplete(), Types.BOOLEAN);
        Box box = q == null ? null : q.parcelBox().orElse(null);
        ps.setObject(++i, box == null ? null : box.x(), Types.INTEGER);
        ps.setObject(++i, box == null ? null : box.y(), Types.INTEGER);
        ps.setObject(++i, box == null ? null : box.width(), Types.INTEGER);
        ps.setObject(++i, box == null ? null : box.height(), Types.INTEGER);
        return i;
    }

    /** The trace in the current row of {@code rs} (selected with {@link #COLUMNS}), with its scores. */
    static Trace read(ResultSet rs, Map<String, Double> scores) throws SQLException {
        String bundleId = rs.getString("bundle_id");
        BundleRef bundle = bundleId == null ? null : new BundleRef(bundleId, rs.getString("bundle_version"),
                rs.getString("model_sha256"), rs.getString("preprocess_id"), rs.getString("label_version"),
                rs.getString("positive_label"));
        StageLatencies latency = new StageLatencies(rs.getLong("capture_us"), rs.getLong("quality_us"),
                rs.getLong("preprocess_us"), rs.getLong("invoke_us"), rs.getLong("route_us"), rs.getLong("store_us"),
                rs.getLong("total_us"));
        String reasons = rs.getString("gate_reasons");
        return new Trace(rs.getObject("trace_id", UUID.class), rs.getString("device_id"),
                rs.getString("station_id"), rs.getString("camera_id"), rs.getLong("frame_index"),
                rs.getString("frame_origin"), rs.getObject("parcel_seq", Long.class), instant(rs, "captured_at"),
                instant(rs, "decided_at"), bundle, readQuality(rs), rs.getObject("gate_passed", Boolean.class),
                reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")), scores,
                rs.getObject("positive_score", Double.class), rs.getObject("damage_threshold", Double.class),
                readGateThresholds(rs),
                Route.fromCode(rs.getString("route")), Reason.fromCode(rs.getString("reason")), latency,
                rs.getString("backend"), readBackendNodes(rs), rs.getString("evidence_path"),
                rs.getString("error_text"));
    }

    private static BackendNodes readBackendNodes(ResultSet rs) throws SQLException {
        Integer nodes = rs.getObject("backend_nodes", Integer.class);
        Integer model = rs.getObject("model_nodes", Integer.class);
        return nodes == null || model == null ? null : new BackendNodes(nodes, model);
    }

    private static GateThresholds readGateThresholds(ResultSet rs) throws SQLException {
        Double maxBlur = rs.getObject("max_blur", Double.class);
        // traces stored before V3 have none: they can be shown but not re-derived
        return maxBlur == null ? null : new GateThresholds(maxBlur, rs.getDouble("min_brightness"),
                rs.getDouble("max_over_exposed"));
    }

    private static QualityMetrics readQuality(ResultSet rs) throws SQLException {
        Boolean visible = rs.getObject("parcel_visible", Boolean.class);
        if (visible == null) {
            return null;
        }
        Integer x = rs.getObject("box_x", Integer.class);
        Optional<Box> box = x == null ? Optional.empty() : Optional.of(new Box(x, rs.getInt("box_y"),
                rs.getInt("box_width"), rs.getInt("box_height")));
        return new QualityMetrics(rs.getDouble("blur_score"), rs.getDouble("laplacian_variance"),
                rs.getDouble("brightness"), rs.getDouble("under_exposed"), rs.getDouble("over_exposed"), visible,
                rs.getBoolean("parcel_complete"), box, rs.getString("parcel_locator"), rs.getString("locator_fault"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
