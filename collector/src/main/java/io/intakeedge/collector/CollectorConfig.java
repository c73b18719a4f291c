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
 * @param sessionExpiry   how long the broker keeps the session (and queues messages) while the collector is away;
 *                        zero means clean start and no session after a disconnect. Default: zero with a share group
 *                        (see {@link #defaultSessionExpiry(String)}), one day without
 * @param login           MQTT user name, password and TLS files ({@link BrokerLogin#ANONYMOUS} for none)
 */
public record CollectorConfig(String brokerUrl, String clientId, String shareGroup, String topicFilter,
                              String jdbcUrl, String jdbcUser, String jdbcPassword, int maxPayloadBytes,
                              Duration keepAlive, Duration sessionExpiry, BrokerLogin login) {

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
        if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("session expiry must be 0..4294967295 s, got " + sessionExpiry);
        }
        login = login == null ? BrokerLogin.ANONYMOUS : login;
        checkBroker(brokerUrl, login);
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        if (shareGroup.contains("/") || shareGroup.contains("+") || shareGroup.contains("#")) {
            throw new IllegalArgumentException("share group '" + shareGroup + "' may not contain '/', '+' or '#'");
        }
    }

    /** Anonymous access to the broker (no user name, password or TLS files). */
    public CollectorConfig(String brokerUrl, String clientId, String shareGroup, String topicFilter, String jdbcUrl,
                           String jdbcUser, String jdbcPassword, int maxPayloadBytes, Duration keepAlive,
                           Duration sessionExpiry) {
        this(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword, maxPayloadBytes,
                keepAlive, sessionExpiry, BrokerLogin.ANONYMOUS);
    }

    /** Defaults for everything but the broker, the database and the client id. */
    public static CollectorConfig of(String brokerUrl, String clientId, String jdbcUrl, String jdbcUser,
                                     String jdbcPassword) {
        return new CollectorConfig(brokerUrl, clientId, DEFAULT_SHARE_GROUP, DEFAULT_TOPIC_FILTER, jdbcUrl, jdbcUser,
                jdbcPassword, DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(30),
                defaultSessionExpiry(DEFAULT_SHARE_GROUP), BrokerLogin.ANONYMOUS);
    }

    /**
     * Zero (clean start, no session after a disconnect) for a member of a share group, one day for a lone plain
     * subscriber. Measured with mosquitto 2.0.11: a stopped group member's persistent session keeps its round-robin
     * share of new messages (a live collector stored 5 of 10), and those wait until the stations re-send after their
     * receipt timeout; without a session the broker gives every message to the members still connected. A lone
     * collector has no one to hand messages to, so its session keeps them while it restarts.
     */
    public static Duration defaultSessionExpiry(String shareGroup) {
        return shareGroup.isEmpty() ? Duration.ofDays(1) : Duration.ZERO;
    }

    /** Same configuration with another keep-alive. */
    public CollectorConfig withKeepAlive(Duration value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, value, sessionExpiry, login);
    }

    /**
     * Same configuration with another shared-subscription group ({@code ""}: no sharing) and that group's
     * {@linkplain #defaultSessionExpiry(String) default session expiry}; {@link #withSessionExpiry} after this
     * overrides it.
     */
    public CollectorConfig withShareGroup(String value) {
        return new CollectorConfig(brokerUrl, clientId, value, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, keepAlive, defaultSessionExpiry(value), login);
    }

    /** Same configuration with another session expiry (zero: clean start, no session kept). */
    public CollectorConfig withSessionExpiry(Duration value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, keepAlive, value, login);
    }

    /** Same configuration with another payload limit. */
    public CollectorConfig withMaxPayloadBytes(int value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                value, keepAlive, sessionExpiry, login);
    }

    /** Same configuration with another broker login (user name, password, TLS files). */
    public CollectorConfig withLogin(BrokerLogin value) {
        return new CollectorConfig(brokerUrl, clientId, shareGroup, topicFilter, jdbcUrl, jdbcUser, jdbcPassword,
                maxPayloadBytes, keepAlive, sessionExpiry, value);
    }

    /** Whether the collector connects with clean start (no session kept while it is away). */
    public boolean cleanStart() {
        return sessionExpiry.isZero();
    }

    @Override
    public String toString() {
        // never print a password
        return "CollectorConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", group=" + shareGroup
                + ", filter=" + topicFilter + ", jdbc=" + jdbcUrl + ", dbUser=" + jdbcUser + ", dbPassword="
                + (jdbcPassword.isEmpty() ? "none" : "set") + ", maxPayload=" + maxPayloadBytes + ", keepAlive="
                + keepAlive + ", sessionExpiry=" + sessionExpiry + ", " + login + "]";
    }

    /**
     * Refuses credentials in the URL (Paho would ignore them and the URL is logged) and TLS files on a plain
     * {@code tcp://} link (they would be silently unused). Messages never repeat what stood before the {@code @}.
     */
    private static void checkBroker(String url, BrokerLogin login) {
        if (url.indexOf('@') >= 0) {
            throw new IllegalArgumentException("the broker URL must not carry credentials (user:password@host), got '"
                    + url.replaceAll("(?<=://)[^/]*@", "***@") + "'; use --mqtt-user and --mqtt-password-file");
        }
        if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException("the broker URL must start with tcp:// or ssl://, got '" + url + "'");
        }
        if (login.tls() != null && url.startsWith("tcp://")) {
            throw new IllegalArgumentException("TLS files are configured but the broker URL " + url
                    + " is plain tcp://; use ssl://");
        }
    }

    /** The filter actually subscribed: {@code $share/{group}/{filter}}, or the plain filter without a group. */
    public String subscription() {
        return shareGroup.isEmpty() ? topicFilter : "$share/" + shareGroup + "/" + topicFilter;
    }
}
