package io.intakeedge.collector;

import java.time.Duration;
import java.util.Objects;

/**
 * How a collector instance connects to the broker and the database.
 *
 * @param brokerUrl       e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId        MQTT client id; fixed per instance so its persistent session survives restarts
 * @param shareGroup      MQTT 5 shared-subscription group; instances in one group split the messages. Empty
 *                        subscribes without sharing (every instance then gets every message)
 * @param topicFilter     what to subscribe to, normally {@link #DEFAULT_TOPIC_FILTER}
 * @param jdbcUrl         {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param jdbcUser        database user
 * @param jdbcPassword    database password (may be empty)
 * @param maxPayloadBytes larger messages are dead-lettered as oversized
 * @param keepAlive       MQTT keep-alive; a dead broker is noticed after about 1.5 times this
 * @param sessionExpiry   how long the broker keeps the session (and queues messages) while the collector is away
 */
public record CollectorConfig(String brokerUrl, String clientId, String shareGroup, String topicFilter,
                              String jdbcUrl, String jdbcUser, String jdbcPassword, int maxPayloadBytes,
                              Duration keepAlive, Duration sessionExpiry) {

    public static final String DEFAULT_TOPIC_FILTER = "intake/v1/+/+/+";
    public static final String DEFAULT_SHARE_GROUP = "intake-collectors";
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./intake-collector";
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

    public CollectorConfig {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(shareGroup, "shareGroup");
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        jdbcUser = jdbcUser == null ? "" : jdbcUser;
        jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        if (shareGroup.contains("/") || shareGroup.contains("+") || shareGroup.contains("#")) {
            throw new IllegalArgumentException("share group '" + shareGroup + "' may not contain '/', '+' or '#'");
        }
    }

    /** Defaults for everything but the broker, the database and the client id. */
    public static CollectorConfig of(String brokerUrl, String clientId, String jdbcUrl, String jdbcUser,
                                     String jdbcPassword) {
        return new CollectorConfig(brokerUrl, clientId, DEFAULT_SHARE_GROUP, DEFAULT_TOPIC_FILTER, jdbcUrl, jdbcUser,
                jdbcPassword, DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(30), Duration.ofDays(1));
    }

    /** Same configuration with another keep-alive. */
    public CollectorConfig withKeepAlive(Duration value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, value, sessionExpiry);
    }

    /** Same configuration with another shared-subscription group ({@code ""}: no sharing). */
    public CollectorConfig withShareGroup(String value) {
        return new CollectorConfig(brokerUrl, clientId, value, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, keepAlive, sessionExpiry);
    }

    /** Same configuration with another session expiry. */
    public CollectorConfig withSessionExpiry(Duration value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, keepAlive, value);
    }

    /** Same configuration with another payload limit. */
    public CollectorConfig withMaxPayloadBytes(int value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                value, keepAlive, sessionExpiry);
    }

    /** The filter actually subscribed: {@code $share/{group}/{filter}}, or the plain filter without a group. */
    public String subscription() {
        return shareGroup.isEmpty() ? topicFilter : "$share/" + shareGroup + "/" + topicFilter;
    }
}
