package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.protocol.Topic;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agent reaches the broker. Every value is checked when the record is built, so a bad configuration fails
 * at startup with a message naming the setting, not later inside the drain loop.
 *
 * @param brokerUri          {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId           MQTT client id; stable across restarts so the broker keeps the session
 * @param site               site id (topic segment)
 * @param device             device id (topic segment, and the outbox's sequence owner)
 * @param username           null for anonymous
 * @param password           null when none; requires a username
 * @param tls                PEM CA, client certificate and key for {@code ssl://}; null uses the JVM's default
 *                           trust and verifies the host name
 * @param sessionExpiry      MQTT 5 session expiry (clean start is always off)
 * @param keepAlive          MQTT keep-alive; a dead link is noticed after about 1.5x this
 * @param connectTimeout     time allowed for CONNECT/CONNACK and the birth message
 * @param reconnectMin       first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMax       reconnect delay ceiling
 * @param inflightWindow     QoS 1 messages awaiting PUBACK at once; clamped to the broker's receive maximum
 * @param batchMaxItems      items per MQTT message
 * @param batchMaxBytes      payload bytes per MQTT message (before gzip; a single larger item still goes alone)
 * @param gzip               compress envelopes ({@code application/json+gzip})
 * @param rateLimitPerSecond items per second the drain may send; 0 for no limit
 * @param rateBurst          items the token bucket may send at once after an idle period
 * @param receipts           keep rows after the PUBACK until the collector's end-to-end receipt covers them (needs
 *                           our collector); false deletes rows on PUBACK, for deployments with other consumers
 * @param receiptTimeout     with receipts: a PUBACKed batch without a receipt after this long makes the agent
 *                           reconnect and send every unreceipted row again
 */
public record SyncConfig(
        String brokerUri, String clientId, String site, String device, String username, String password, Tls tls,
        Duration sessionExpiry, Duration keepAlive, Duration connectTimeout, Duration reconnectMin,
        Duration reconnectMax, int inflightWindow, int batchMaxItems, int batchMaxBytes, boolean gzip,
        double rateLimitPerSecond, int rateBurst, boolean receipts, Duration receiptTimeout) {

    /**
     * TLS material as PEM files (see {@link TlsSockets}).
     *
     * @param caFile         CA certificate(s) the broker's certificate must chain to; null for the JVM's default trust
     * @param certFile       client certificate (chain) for brokers with {@code require_certificate}; null for none
     * @param keyFile        its unencrypted PKCS#8 private key; required with certFile
     * @param verifyHostname check the broker's certificate names the host in the URI; turning it off lets anyone
     *                       with a certificate from the same CA pose as the broker
     */
    public record Tls(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
        public Tls {
            requireReadable("sync.tls.ca_file", caFile);
            requireReadable("sync.tls.cert_file", certFile);
            requireReadable("sync.tls.key_file", keyFile);
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("sync.tls: cert_file and key_file go together, got only "
                        + (certFile == null ? "key_file" : "cert_file"));
            }
        }

        private static void requireReadable(String name, Path path) {
            if (path != null && !Files.isReadable(path)) {
                throw new IllegalArgumentException(name + " '" + path + "' does not exist or is not readable");
            }
        }
    }

    public SyncConfig {
        brokerUri = checkBroker(brokerUri);
        Topic.requireId("site", site);
        Topic.requireId("device", device);
        if (clientId == null || clientId.isBlank() || clientId.length() > 128) {
            throw new IllegalArgumentException("sync.client_id must be 1-128 characters, got '" + clientId + "'");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("sync.password is set but sync.username is not");
        }
        if (tls != null && brokerUri.startsWith("tcp://")) {
            // refused rather than ignored: a CA file in the config must not leave the link in plain text
            throw new IllegalArgumentException("sync.tls is configured but the broker URI " + brokerUri
                    + " is plain tcp://; use ssl://");
        }
        positive("sync.session_expiry", sessionExpiry);
        if (sessionExpiry.toSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sync.session_expiry exceeds MQTT's limit of 4294967295 s");
        }
        positive("sync.keep_alive", keepAlive);
        if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("sync.keep_alive must be 1-65535 s, got " + keepAlive);
        }
        positive("sync.connect_timeout", connectTimeout);
        positive("sync.reconnect_min", reconnectMin);
        positive("sync.reconnect_max", reconnectMax);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("sync.reconnect_max (" + reconnectMax + ") is below sync.reconnect_min ("
                    + reconnectMin + ")");
        }
        range("sync.inflight_window", inflightWindow, 1, 65535);
        range("sync.batch_max_items", batchMaxItems, 1, 10_000);
        range("sync.batch_max_bytes", batchMaxBytes, 1024, 64 << 20);
        if (!(rateLimitPerSecond >= 0) || Double.isInfinite(rateLimitPerSecond)) {
            throw new IllegalArgumentException("sync.rate_limit_per_second must be >= 0 (0 = unlimited), got "
                    + rateLimitPerSecond);
        }
        range("sync.rate_burst", rateBurst, 1, Integer.MAX_VALUE);
        positive("sync.receipt_timeout", receiptTimeout);
    }

    /** Defaults for everything but the broker and the ids; see {@link Builder}. */
    public static Builder builder(String brokerUri, String site, String device) {
        return new Builder(brokerUri, site, device);
    }

    /** The same configuration pointing at another broker URI (validated again). */
    public SyncConfig withBroker(String otherBrokerUri) {
        return new SyncConfig(otherBrokerUri, clientId, site, device, username, password, tls, sessionExpiry,
                keepAlive, connectTimeout, reconnectMin, reconnectMax, inflightWindow, batchMaxItems, batchMaxBytes,
                gzip, rateLimitPerSecond, rateBurst, receipts, receiptTimeout);
    }

    @Override
    public String toString() {
        // never print the password
        return "SyncConfig[broker=" + brokerUri + ", clientId=" + clientId + ", site=" + site + ", device=" + device
                + ", user=" + username + ", tls=" + (tls != null) + ", window=" + inflightWindow + ", batch="
                + batchMaxItems + "/" + batchMaxBytes + "B, gzip=" + gzip + ", rate=" + rateLimitPerSecond
                + ", receipts=" + (receipts ? receiptTimeout : "off") + "]";
    }

    /**
     * Refuses credentials in the URI: Paho ignores them (so the link would be anonymous) and the URI is shown in
     * logs and {@code /api/status}, which would publish the password. The message never repeats them.
     */
    static String checkBroker(String uri) {
        String hint = "sync.broker must look like tcp://host:1883 or ssl://host:8883, got '" + redact(uri) + "'";
        if (uri == null) {
            throw new IllegalArgumentException(hint);
        }
        if (uri.indexOf('@') >= 0) {
            throw new IllegalArgumentException("sync.broker must not carry credentials (user:password@host), got '"
                    + redact(uri) + "'; set sync.username and sync.password (or INTAKE_EDGE_MQTT_PASSWORD)");
        }
        try {
            URI parsed = new URI(uri);
            boolean schemeOk = "tcp".equals(parsed.getScheme()) || "ssl".equals(parsed.getScheme());
            if (!schemeOk || parsed.getHost() == null || parsed.getPort() < 1 || parsed.getPort() > 65535
                    || (parsed.getPath() != null && !parsed.getPath().isEmpty())) {
                throw new IllegalArgumentException(hint);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(hint + " (" + e.getMessage() + ")", e);
        }
    }

    /** The URI with anything before an {@code @} in its authority replaced, safe to print. */
    static String redact(String uri) {
        return uri == null ? null : uri.replaceAll("(?<=://)[^/]*@", "***@");
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, () -> name + " is missing");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** Fluent construction with defaults sized for a Jetson on a warehouse LAN. */
    public static final class Builder {
        private final String brokerUri;
        private final String site;
        private final String device;
        private String clientId;
        private String username;
        private String password;
        private Tls tls;
        private Duration sessionExpiry = Duration.ofDays(7);
        private Duration keepAlive = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private int inflightWindow = 1000;
        private int batchMaxItems = 200;
        private int batchMaxBytes = 256 * 1024;
        private boolean gzip;
        private double rateLimitPerSecond;
        private int rateBurst = 10_000;
        private boolean receipts = true;
        private Duration receiptTimeout = Duration.ofSeconds(30);

        private Builder(String brokerUri, String site, String device) {
            this.brokerUri = brokerUri;
            this.site = site;
            this.device = device;
            this.clientId = "intake-" + site + "-" + device;
        }

        public Builder clientId(String v) { clientId = v; return this; }
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }
        public Builder tls(Tls v) { tls = v; return this; }
        public Builder sessionExpiry(Duration v) { sessionExpiry = v; return this; }
        public Builder keepAlive(Duration v) { keepAlive = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder reconnect(Duration min, Duration max) { reconnectMin = min; reconnectMax = max; return this; }
        public Builder inflightWindow(int v) { inflightWindow = v; return this; }
        public Builder batch(int maxItems, int maxBytes) { batchMaxItems = maxItems; batchMaxBytes = maxBytes; return this; }
        public Builder gzip(boolean v) { gzip = v; return this; }
        public Builder rateLimit(double perSecond, int burst) { rateLimitPerSecond = perSecond; rateBurst = burst; return this; }

        public Builder receipts(boolean v) { receipts = v; return this; }
        public Builder receiptTimeout(Duration v) { receiptTimeout = v; return this; }

        public SyncConfig build() {
            return new SyncConfig(brokerUri, clientId, site, device, username, password, tls, sessionExpiry,
                    keepAlive, connectTimeout, reconnectMin, reconnectMax, inflightWindow, batchMaxItems,
                    batchMaxBytes, gzip, rateLimitPerSecond, rateBurst, receipts, receiptTimeout);
        }
    }
}
