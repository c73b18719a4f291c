package io.intakeedge.collector;

import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.mqtt.TlsSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How the collector proves who it is to the broker, and how it checks the broker: MQTT user name and password, and
 * for {@code ssl://} the station's PEM TLS setup ({@link TlsSockets}: CA file, client certificate and key, host name
 * verification on unless switched off). Both of the collector's connections (subscribing and receipts) use it.
 *
 * @param username MQTT user name; null for anonymous
 * @param password its password; null for none (requires a user name). Never printed: {@link #toString()} says only
 *                 whether one is set
 * @param tls      PEM files for {@code ssl://}; null uses the JVM's default trust and verifies the host name
 */
public record BrokerLogin(String username, String password, SyncConfig.Tls tls) {

    /** No user name, no password, the JVM's default TLS trust (for {@code ssl://}). */
    public static final BrokerLogin ANONYMOUS = new BrokerLogin(null, null, null);

    public BrokerLogin {
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("an MQTT password is set but no MQTT user name (--mqtt-user)");
        }
    }

    /**
     * Reads the command line's choices: the password from a file (first line, trailing white space dropped) or an
     * environment variable, never from the command line itself (it would show in {@code ps}); TLS files checked for
     * readability with the option's name in the message.
     *
     * @throws IllegalArgumentException naming the option when something is missing, unreadable or contradictory
     */
    public static BrokerLogin fromOptions(String user, Path passwordFile, String passwordEnv, Path ca, Path cert,
                                          Path key, boolean verifyHostname) {
        if (passwordFile != null && passwordEnv != null) {
            throw new IllegalArgumentException("give --mqtt-password-file or --mqtt-password-env, not both");
        }
        String password = null;
        if (passwordFile != null) {
            readable("--mqtt-password-file", passwordFile);
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                password = text.lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("--mqtt-password-file '" + passwordFile + "' cannot be read: "
                        + e.getMessage(), e);
            }
        } else if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("--mqtt-password-env: environment variable " + passwordEnv
                        + " is not set");
            }
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("the MQTT password (" + (passwordFile != null ? passwordFile
                    : "$" + passwordEnv) + ") is empty");
        }
        if (password != null && (user == null || user.isEmpty())) {
            throw new IllegalArgumentException("an MQTT password is given but no --mqtt-user");
        }
        return new BrokerLogin(user, password, tls(ca, cert, key, verifyHostname));
    }

    private static SyncConfig.Tls tls(Path ca, Path cert, Path key, boolean verifyHostname) {
        if (ca == null && cert == null && key == null && verifyHostname) {
            return null; // ssl:// with the JVM's default trust, host name verified
        }
        readable("--tls-ca", ca);
        readable("--tls-cert", cert);
        readable("--tls-key", key);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together, got only "
                    + (cert == null ? "--tls-key" : "--tls-cert"));
        }
        return new SyncConfig.Tls(ca, cert, key, verifyHostname);
    }

    private static void readable(String option, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " '" + file + "' does not exist or is not readable");
        }
    }

    /** Puts the user name, the password and the TLS socket factory into Paho's connect options. */
    void applyTo(MqttConnectionOptions options) {
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) {
            options.setSocketFactory(TlsSockets.factory(tls, "collector tls"));
            options.setHttpsHostnameVerificationEnabled(tls.verifyHostname());
        }
    }

    @Override
    public String toString() {
        return "BrokerLogin[user=" + username + ", password=" + (password == null ? "none" : "set") + ", tls="
                + (tls == null ? "default" : "ca=" + tls.caFile() + ", cert=" + tls.certFile() + ", verifyHostname="
                + tls.verifyHostname()) + "]";
    }
}
