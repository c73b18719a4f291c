package io.intakeedge.collector.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a rollout halts (docs/mqtt.md, "Rollout halting"): counts, per rollout, the stations whose retained
 * bundle state says the rollout's bundle failed validation ({@code rejected} at stage {@code validation}), shadow
 * agreement ({@code rejected} at {@code shadow}) or its health watch ({@code rolled_back} at {@code health}); once
 * {@code halt_after} stations (the rollout document's field, 1 when absent) failed, the rollout halts. Other
 * refusals (a busy station, a downgrade, a bad signature) say nothing about the bundle's quality and are not counted.
 * No MQTT here: {@link RolloutController} feeds it and carries out what it returns.
 */
final class RolloutTally {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutTally.class);
    /** The bundle-state fields a failure is read from: {@code state}, {@code stage}, {@code reason}. */
    private static final Set<String> FAILING = Set.of("rejected/validation", "rejected/shadow", "rolled_back/health");
    /**
     * Most rollouts tallied at once; {@code fleet clean} (an empty rollout document) forgets one. Beyond the limit
     * new rollouts are not tallied (logged) rather than memory growing without bound.
     */
    static final int MAX_ROLLOUTS = 10_000;

    /** A halted rollout's new document, to publish retained, and the job topics to clear. */
    record Halt(String site, String rolloutId, ObjectNode document, java.util.List<String> jobTopics) {
    }

    private final Map<String, ObjectNode> rollouts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> failures = new ConcurrentHashMap<>();

    /** A retained rollout document arrived (or changed); returns a halt when its failures already reach the limit. */
    synchronized Optional<Halt> onRollout(String site, ObjectNode doc) {
        String id = doc.path("rollout_id").asText("");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (rollouts.size() >= MAX_ROLLOUTS && !rollouts.containsKey(key(site, id))) {
            LOG.warn("rollout {}/{} is not watched: {} rollouts are; `fleet clean` finished ones", site, id,
                    MAX_ROLLOUTS);
            return Optional.empty();
        }
        rollouts.put(key(site, id), doc);
        return check(site, id);
    }

    /** A station's retained bundle state arrived; returns a halt when this failure reaches the limit. */
    synchronized Optional<Halt> onState(String site, String device, JsonNode state) {
        String rollout = state.path("rollout_id").asText("");
        String kind = state.path("state").asText("") + "/" + state.path("stage").asText("");
        if (rollout.isEmpty() || !FAILING.contains(kind)) {
            return Optional.empty();
        }
        Map<String, String> failed = failures.computeIfAbsent(key(site, rollout), k -> new TreeMap<>());
        if (failures.size() > MAX_ROLLOUTS) {
            failures.remove(key(site, rollout));
            LOG.warn("a failure of rollout {}/{} on {} is not counted: {} rollouts are watched", site, rollout,
                    device, MAX_ROLLOUTS);
            return Optional.empty();
        }
        failed.put(device, kind.replace('/', ' ') + ": " + state.path("reason").asText("?"));
        return check(site, rollout);
    }

    /** A cleaned rollout (its document cleared from the broker): nothing more to halt. */
    synchronized void forget(String site, String rolloutId) {
        rollouts.remove(key(site, rolloutId));
        failures.remove(key(site, rolloutId));
    }

    /** Devices that failed a rollout so far, with why. */
    synchronized Map<String, String> failures(String site, String rolloutId) {
        return Map.copyOf(failures.getOrDefault(key(site, rolloutId), Map.of()));
    }

    private Optional<Halt> check(String site, String id) {
        ObjectNode doc = rollouts.get(key(site, id));
        Map<String, String> failed = failures.getOrDefault(key(site, id), Map.of());
        if (doc == null || doc.hasNonNull("halted_at") || doc.hasNonNull("cancelled_at")) {
            return Optional.empty();
        }
        int limit = Math.max(1, doc.path("halt_after").asInt(1));
        if (failed.size() < limit) {
            return Optional.empty();
        }
        ObjectNode halted = doc.deepCopy();
        halted.put("halted_at", Instant.now().toString());
        halted.put("halt_reason", failed.size() + " station(s) failed (limit " + limit + "): " + failed);
        ObjectNode who = halted.putObject("failed_devices");
        failed.forEach(who::put);
        rollouts.put(key(site, id), halted);
        java.util.List<String> topics = new java.util.ArrayList<>();
        doc.path("job_topics").forEach(t -> topics.add(t.asText()));
        return Optional.of(new Halt(site, id, halted, topics));
    }

    private static String key(String site, String rolloutId) {
        return site + "/" + rolloutId;
    }
}
