package io.intakeedge.workbench.demo;

import io.intakeedge.sync.protocol.SeqRange;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intakeedge.agent.app.StationAgent;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.collector.CollectorStats;
import io.intakeedge.sync.mqtt.SyncStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.intakeedge.sync.protocol.Json;

/**
 * The JSON summary of {@code demo --report FILE}. Field names are part of the CLI contract (snake_case).
 *
 * @param synced             outbox items acknowledged by the broker (null without sync)
 * @param collectorReceived  items the collector stored for this device, compacted ones counted (null without sync)
 * @param gaps               missing sequence ranges the collector reports for this device (null without sync)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DemoReport(long decisions, Map<String, Long> routes, Map<String, Long> gateReasons,
                         Map<String, LatencyStats.Summary> latencyMs, long tracesStored, BundleSummary bundle,
                         String backend, Long synced, Long collectorReceived, List<SeqRange> gaps) {

    private static final ObjectMapper JSON = Json.snakeCase().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Which bundle decided: version and the exact model bytes. */
    public record BundleSummary(String id, String version, String modelSha256, String preprocessId) {
    }

    static DemoReport of(StationAgent agent, Optional<SyncStatus> sync, Optional<CollectorStats> central,
                         String device) {
        var stats = agent.decisions();
        BundleSummary bundle = agent.bundle().map(b -> new BundleSummary(b.id(), b.version(), b.model().sha256(),
                b.preprocess().id())).orElse(null);
        List<SeqRange> gaps = central.map(c -> c.devices().stream().filter(d -> d.device().equals(device))
                .flatMap(d -> d.gaps().stream()).toList()).orElse(null);
        return new DemoReport(stats.decisions(), stats.routes(), stats.gateReasons(), agent.latency().summaries(),
                agent.traces().count(), bundle, agent.backendName(), sync.map(SyncStatus::acked).orElse(null),
                central.map(DemoRun::itemsOf).orElse(null), gaps);
    }

    public void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    /** A few lines for the terminal. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("decisions: %d (traces stored: %d)%n", decisions, tracesStored));
        routes.forEach((route, n) -> s.append(String.format("  %-24s %d%n", route, n)));
        if (!gateReasons.isEmpty()) {
            s.append("gate reasons: ").append(gateReasons).append(System.lineSeparator());
        }
        latencyMs.forEach((stage, l) -> s.append(String.format("  %-15s p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms%n",
                stage, l.p50(), l.p95(), l.p99())));
        s.append("backend: ").append(backend).append(", bundle: ")
                .append(bundle == null ? "none" : bundle.id() + " " + bundle.version()).append(System.lineSeparator());
        if (synced != null) {
            s.append(String.format("synced: %d, collector received: %d, gaps: %s", synced, collectorReceived, gaps));
        }
        return s.toString();
    }
}
