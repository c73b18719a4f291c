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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutDocument(String schema, String rolloutId, String site, String target, String sha256,
                              Integer canaryPercent, List<String> canaryDevices, List<String> jobTopics,
                              JobDocument job, Instant issuedAt, Instant cancelledAt) {
    public static final String SCHEMA = "intake.rollout/1";
    private static final ObjectMapper WRITE = Json.snakeCase().build();
    private static final ObjectMapper READ = Json.snakeCase()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RolloutDocument {
        canaryDevices = canaryDevices == null ? List.of() : List.copyOf(canaryDevices);
        jobTopics = jobTopics == null ? List.of() : List.copyOf(jobTopics);
    }

    public RolloutDocument cancelled(Instant at) {
        return new RolloutDocument(schema, rolloutId, site, target, sha256, canaryPercent, canaryDevices, jobTopics,
                job, issuedAt, at);
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
