package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * The retained payload on {@code intake/v1/{site}/{device}/status}: {@code online} (birth, published after every
 * connect) or {@code offline} (the Last Will, or a clean shutdown). Schema {@value #SCHEMA}.
 *
 * @param schema        always {@value #SCHEMA}
 * @param state         {@value #ONLINE} or {@value #OFFLINE}
 * @param site          site id
 * @param device        device id
 * @param agentVersion  agent build version
 * @param deviceProfile device profile id the agent runs with
 * @param activeBundle  active model bundle id, or null when none is active (the agent then fails closed)
 * @param at            when the agent built this message; for the Last Will, when the agent connected
 */
@JsonPropertyOrder({"schema", "state", "site", "device", "agent_version", "device_profile", "active_bundle", "at"})
public record StatusMessage(
        @JsonProperty("schema") String schema,
        @JsonProperty("state") String state,
        @JsonProperty("site") String site,
        @JsonProperty("device") String device,
        @JsonProperty("agent_version") String agentVersion,
        @JsonProperty("device_profile") String deviceProfile,
        @JsonProperty("active_bundle") String activeBundle,
        @JsonProperty("at") Instant at) {

    public static final String SCHEMA = "intake.status/1";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public StatusMessage {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("unsupported status schema '" + schema + "': expected " + SCHEMA);
        }
        if (!ONLINE.equals(state) && !OFFLINE.equals(state)) {
            throw new IllegalArgumentException("status state must be online or offline, got '" + state + "'");
        }
        Topic.requireId("site", site);
        Topic.requireId("device", device);
        Objects.requireNonNull(at, "status lacks 'at'");
    }
}
