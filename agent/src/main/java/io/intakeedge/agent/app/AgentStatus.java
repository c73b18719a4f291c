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
 * @param sync     the sync client's status, or null when sync is off
 * @param profile  the device profile's id and why it was chosen (detection facts, config, overrides, warnings)
 * @param resources disk and memory headroom against the device profile
 */
public record AgentStatus(String version, String site, String device, String station, Object profile, String state,
                          Instant startedAt, CameraStatus camera, BundleInfo bundle, String backend,
                          long decisions, Map<String, Long> routes, Map<String, Long> gateReasons,
                          LastDecision lastDecision, Map<String, LatencyStats.Summary> latencyMs,
                          Object sync, Object resources, List<String> problems) {

    public AgentStatus {
        problems = List.copyOf(problems);
        routes = Map.copyOf(routes);
        gateReasons = Map.copyOf(gateReasons);
    }

    @JsonProperty("healthy")
    public boolean healthy() {
        return problems.isEmpty();
    }

    /** Frame source health. */
    public record CameraStatus(String id, String source, long framesRead, long framesRejected, Instant lastFrameAt,
                               String lastError) {
    }

    /** The active serving bundle, as pinned. */
    public record BundleInfo(String id, String version, String modelSha256, String preprocessId,
                             String labelVersion) {
    }

    /** The most recent decision, for an operator glancing at the station. */
    public record LastDecision(String traceId, String route, String reason, Instant decidedAt) {
    }
}
