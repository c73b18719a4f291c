package io.intakeedge.workbench.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.sync.protocol.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rollout pushed, retained on {@code intake/v1/{site}/fleet/rollouts/{rollout}} ({@value #SCHEMA}): the
 * target, the canaries, every job topic it wrote (what {@code fleet cancel} overwrites and {@code fleet clean}
 * clears), and the target's job document, which {@code fleet promote} publishes to the whole target after the
 * canaries.
 *
 * @param canaryPercent  the {@code --canary} share, null without canaries
 * @param canaryDevices  device ids that got the job first
 * @param jobTopics      the job topics written so far
 * @param job            the download job for the whole target
 * @param cancelledAt    when {@code fleet cancel} withdrew it, else null
 * @param haltAfter      how many stations failing validation, shadow agreement or health halt it (the collector's
 *                       rollout controller reads it; null: 1)
 * @param haltedAt       when the rollout controller halted it, else null
 * @param haltReason     why, in words
 * @param failedDevices  the stations that failed it when it halted, with stage and reason
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutDocument(String schema, String rolloutId, String site, String target, String sha256,
                              Integer canaryPercent, List<String> canaryDevices, List<String> jobTopics,
                              JobDocument job, Instant issuedAt, Instant cancelledAt, Integer haltAfter,
                              Instant haltedAt, String haltReason, Map<String, String> failedDevices) {
    public static final String SCHEMA = "intake.rollout/1";
    private static final ObjectMapper WRITE = Json.snakeCase().build();
    private static final ObjectMapper READ = Json.snakeCase()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RolloutDocument {
        canaryDevices = canaryDevices == null ? List.of() : List.copyOf(canaryDevices);
        jobTopics = jobTopics == null ? List.of() : List.copyOf(jobTopics);
        failedDevices = failedDevices == null ? Map.of() : Map.copyOf(failedDevices);
    }

    /** active, halted (by the rollout controller) or cancelled (by {@code fleet cancel}). */
    public String standing() {
        return cancelledAt != null ? "cancelled" : haltedAt != null ? "halted" : "active";
    }

    public RolloutDocument cancelled(Instant at) {
        return new RolloutDocument(schema, rolloutId, site, target, sha256, canaryPercent, canaryDevices, jobTopics,
                job, issuedAt, at, haltAfter, haltedAt, haltReason, failedDevices);
    }

    /** The same rollout, now also on {@code topic} (after {@code fleet promote --rollout} widened it). */
    public RolloutDocument withJobTopic(String topic) {
        List<String> topics = new java.util.ArrayList<>(jobTopics);
        topics.add(topic);
        return new RolloutDocument(schema, rolloutId, site, target, sha256, canaryPercent, canaryDevices, topics,
                job, issuedAt, cancelledAt, haltAfter, haltedAt, haltReason, failedDevices);
    }

    public byte[] toBytes() {
        try {
            return WRITE.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rollout document always serialises", e);
        }
    }

    public static RolloutDocument parse(byte[] payload) {
        try {
            RolloutDocument d = READ.readValue(payload, RolloutDocument.class);
            if (!SCHEMA.equals(d.schema())) {
                throw new IllegalArgumentException("schema " + d.schema() + ", expected " + SCHEMA);
            }
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + SCHEMA + " document: " + e.getMessage(), e);
        }
    }
}
