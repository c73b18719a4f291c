package io.intakeedge.agent.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.intakeedge.agent.pipeline.LatencyStats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of station health for {@code /api/status} and {@code /healthz}; built by the running agent on request.
 *
 * @param problems empty when healthy; otherwise human-readable reasons (camera stalled, no bundle, disk low, ...)
 * @param syncProblems named sync faults ({@code sync auth_refused: ...}, {@code unreachable}, {@code tls_failed},
 *                 {@code outbox_growing}); they fail readiness, not liveness ({@link #healthy()})
 * @param sync     the sync client's status, or null when sync is off
 * @param profile  the device profile's id and why it was chosen (detection facts, config, overrides, warnings)
 * @param resources disk and memory headroom against the device profile
 * @param storage  whether decisions can be made durable: the disk guard's state, a storage fault (every parcel to
 *                 manual intake while set), the decisions waiting for their commit
 * @param bundleDelivery the bundle downloader's state, progress and counters ({@code DeliveryStatus}), or null
 *                 when delivery is off
 * @param skipped  presentations that ended without a decision, per reason ({@code too_short},
 *                 {@code same_parcel_again}); each is also a row in {@code agent_skipped}
 */
public record AgentStatus(String version, String site, String device, String station, Object profile, String state,
                          Instant startedAt, CameraStatus camera, BundleInfo bundle, String backend,
                          long decisions, Map<String, Long> routes, Map<String, Long> gateReasons,
                          Map<String, Long> skipped, LastDecision lastDecision, Map<String, LatencyStats.Summary> latencyMs,
                          Object sync, Object resources, Object storage, List<String> problems,
                          List<String> syncProblems, Object bundleDelivery) {

    public AgentStatus {
        problems = List.copyOf(problems);
        syncProblems = List.copyOf(syncProblems);
        routes = Map.copyOf(routes);
        gateReasons = Map.copyOf(gateReasons);
        skipped = Map.copyOf(skipped);
    }

    @JsonProperty("healthy")
    public boolean healthy() {
        return problems.isEmpty();
    }

    /**
     * Frame source health.
     *
     * @param framesRejected inputs the source rejected (quarantined hot-folder files), each also in agent_skipped
     * @param failures       capture or frame-handling failures the loop retried
     * @param health         a live camera's named state ({@code ok}, {@code stalled}, {@code frozen}, ...), null
     *                       for files, folders and the synthetic scene
     * @param healthReason   why, in one line
     * @param healthSince    since when
     * @param framesWithheld frames a live camera delivered in an unusable state (frozen, covered): never decided
     * @param restarts       capture-process restarts of a live camera
     */
    public record CameraStatus(String id, String source, long framesRead, long framesRejected, long failures,
                               Instant lastFrameAt, String lastError, String health, String healthReason,
                               Instant healthSince, long framesWithheld, long restarts) {
    }

    /**
     * The active serving bundle, as pinned.
     *
     * @param lifecycle the latest bundle-lifecycle state (the retained MQTT bundle state); null when the lifecycle
     *                  is off
     */
    public record BundleInfo(String id, String version, String modelSha256, String preprocessId,
                             String labelVersion, Object lifecycle) {
    }

    /** The most recent decision, for an operator glancing at the station. */
    public record LastDecision(String traceId, String route, String reason, Instant decidedAt) {
    }
}
