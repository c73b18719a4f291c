package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;
import io.intakeedge.sync.mqtt.SyncStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns successive status snapshots into timeline events: camera state changes (fault, recovery), problems raised
 * and resolved, sync connects and disconnects, bundle changes. Fed by one periodic timer, so not thread-safe.
 */
final class EventWatcher {
    /**
     * A hot zone stays a problem in the status (it makes the station unhealthy), but the thermal guard raises one
     * {@code guard_thermal} event per transition itself: a second, generic "problem" event would repeat it.
     */
    private static final String THERMAL_ZONE = "thermal zone ";

    private final EventLog log;
    private String camera;
    private Map<String, String> problems = Map.of();
    private Boolean syncConnected;
    private String bundle;
    private boolean first = true;

    EventWatcher(EventLog log) {
        this.log = log;
    }

    void observe(AgentStatus s, Instant now) {
        if (first) {
            log.add("agent_started", "info", "agent " + s.version() + " started at " + s.startedAt());
            first = false;
        }
        if (s.camera().health() == null) {
            camera(CameraState.of(s, now)); // a live camera reports each change itself, as it happens
        }
        problems(s);
        sync(s);
        String b = s.bundle() == null ? "none" : s.bundle().id() + "@" + s.bundle().version();
        if (!b.equals(bundle)) {
            log.add("bundle", b.equals("none") ? "error" : "info", "active bundle: " + b);
            bundle = b;
        }
    }

    private void camera(CameraState c) {
        if (Objects.equals(c.state(), camera)) {
            return;
        }
        boolean recovered = c.ok() && camera != null && !camera.equals("waiting");
        String severity = c.ok() || c.state().equals("waiting") ? "info" : "warning";
        log.add(recovered ? "camera_recovered" : "camera_" + c.state(), severity, "camera " + c.state() + ": "
                + c.reason());
        camera = c.state();
    }

    /**
     * Problems are compared with their numbers masked: "disk has 812 MiB free" becoming "811 MiB free" is the same
     * problem, and logging it again every second would bury the timeline.
     */
    private void problems(AgentStatus s) {
        Map<String, String> now = new HashMap<>();
        s.problems().stream().filter(p -> !p.startsWith(THERMAL_ZONE))
                .forEach(p -> now.put(p.replaceAll("\\d+", "#"), p));
        s.syncProblems().forEach(p -> now.put(p.replaceAll("\\d+", "#"), p));
        now.forEach((key, text) -> {
            if (!problems.containsKey(key)) {
                log.add("problem", "error", text);
            }
        });
        problems.forEach((key, text) -> {
            if (!now.containsKey(key)) {
                log.add("resolved", "info", text);
            }
        });
        problems = now;
    }

    private void sync(AgentStatus s) {
        if (!(s.sync() instanceof SyncStatus sync)) {
            return;
        }
        if (!Boolean.valueOf(sync.connected()).equals(syncConnected)) {
            log.add(sync.connected() ? "sync_connected" : "sync_disconnected", sync.connected() ? "info" : "warning",
                    "broker " + sync.broker() + (sync.connected() ? " connected"
                            : " disconnected" + (sync.lastError() == null ? "" : ": " + sync.lastError())));
            syncConnected = sync.connected();
        }
    }
}
