package io.intakeedge.collector.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.sync.protocol.Json;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which station states count against a rollout, and when it halts: validation, shadow-agreement and health failures
 * of that rollout count once per station; other refusals, other rollouts and healthy states do not; a cancelled or
 * already halted rollout does not halt (again); states that arrive before the rollout document still count.
 */
class RolloutTallyTest {
    private final RolloutTally tally = new RolloutTally();

    private static ObjectNode rollout(String id, Integer haltAfter) {
        ObjectNode d = Json.mapper().createObjectNode();
        d.put("schema", "intake.rollout/1").put("rollout_id", id).put("site", "s1");
        d.putArray("job_topics").add("intake/v1/s1/fleet/groups/g1/job");
        if (haltAfter != null) {
            d.put("halt_after", haltAfter);
        }
        return d;
    }

    private static ObjectNode state(String rollout, String state, String stage, String reason) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("schema", "intake.bundle-state/1").put("rollout_id", rollout).put("state", state);
        if (stage != null) {
            s.put("stage", stage).put("reason", reason);
        }
        return s;
    }

    @Test
    void oneValidationFailureHaltsARolloutWithTheDefaultLimit() {
        assertThat(tally.onRollout("s1", rollout("r1", null))).isEmpty();
        assertThat(tally.onState("s1", "a", state("r1", "shadow", null, null))).isEmpty();
        Optional<RolloutTally.Halt> halt = tally.onState("s1", "b", state("r1", "rejected", "validation",
                "receipt_failed"));
        assertThat(halt).hasValueSatisfying(h -> {
            assertThat(h.rolloutId()).isEqualTo("r1");
            assertThat(h.jobTopics()).containsExactly("intake/v1/s1/fleet/groups/g1/job");
            assertThat(h.document().path("halted_at").asText()).isNotEmpty();
            assertThat(h.document().path("failed_devices").path("b").asText())
                    .isEqualTo("rejected validation: receipt_failed");
            assertThat(h.document().path("halt_reason").asText()).contains("1 station(s) failed (limit 1)");
        });
        assertThat(tally.onState("s1", "c", state("r1", "rolled_back", "health", "error_rate")))
                .as("halted once").isEmpty();
    }

    @Test
    void theLimitCountsDistinctStationsAndOnlyQualityFailuresOfThatRollout() {
        tally.onRollout("s1", rollout("r2", 2));
        assertThat(tally.onState("s1", "a", state("r2", "rejected", "install", "busy"))).isEmpty();
        assertThat(tally.onState("s1", "a", state("r2", "rejected", "signature", "bad_signature"))).isEmpty();
        assertThat(tally.onState("s1", "a", state("r2", "rejected", "downgrade", "downgrade"))).isEmpty();
        assertThat(tally.onState("s1", "a", state("r2", "rolled_back", "command", "operator_rollback"))).isEmpty();
        assertThat(tally.onState("s1", "a", state("other", "rejected", "validation", "receipt_failed"))).isEmpty();
        assertThat(tally.onState("s2", "b", state("r2", "rejected", "validation", "receipt_failed")))
                .as("another site's rollout of the same id").isEmpty();
        assertThat(tally.onState("s1", "a", state("r2", "rejected", "shadow", "agreement"))).isEmpty();
        assertThat(tally.onState("s1", "a", state("r2", "rolled_back", "health", "error_rate")))
                .as("the same station again").isEmpty();
        assertThat(tally.failures("s1", "r2")).containsOnlyKeys("a");
        assertThat(tally.onState("s1", "b", state("r2", "rolled_back", "health", "fail_closed_rate"))).isPresent();
    }

    @Test
    void failuresHeardBeforeTheRolloutDocumentHaltItWhenItArrives() {
        assertThat(tally.onState("s1", "a", state("r3", "rejected", "shadow", "agreement"))).isEmpty();
        assertThat(tally.onRollout("s1", rollout("r3", 1))).isPresent();
    }

    @Test
    void aCleanedRolloutIsForgotten() {
        tally.onRollout("s1", rollout("r6", 2));
        tally.onState("s1", "a", state("r6", "rejected", "validation", "receipt_failed"));
        tally.forget("s1", "r6");
        assertThat(tally.failures("s1", "r6")).isEmpty();
        assertThat(tally.onState("s1", "b", state("r6", "rejected", "validation", "receipt_failed")))
                .as("no document any more: nothing to halt").isEmpty();
    }

    @Test
    void aCancelledOrAlreadyHaltedRolloutIsLeftAlone() {
        ObjectNode cancelled = rollout("r4", 1).put("cancelled_at", "2026-01-01T00:00:00Z");
        tally.onRollout("s1", cancelled);
        assertThat(tally.onState("s1", "a", state("r4", "rejected", "validation", "receipt_failed"))).isEmpty();
        ObjectNode halted = rollout("r5", 1).put("halted_at", "2026-01-01T00:00:00Z");
        tally.onRollout("s1", halted);
        assertThat(tally.onState("s1", "a", state("r5", "rejected", "validation", "receipt_failed"))).isEmpty();
    }
}
