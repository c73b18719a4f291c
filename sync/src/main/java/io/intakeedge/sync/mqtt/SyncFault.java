package io.intakeedge.sync.mqtt;

import javax.net.ssl.SSLException;
import java.security.GeneralSecurityException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Names why the broker link is down, so status and readiness can say "fix the password" rather than "retrying". Auth
 * and TLS faults are configuration errors that retrying does not cure; {@code unreachable} may heal by itself.
 */
public final class SyncFault {
    public static final String AUTH_REFUSED = "auth_refused";
    public static final String TLS_FAILED = "tls_failed";
    public static final String UNREACHABLE = "unreachable";

    // CONNACK codes: MQTT 3.1.1 4 (bad user name or password), 5 (not authorised); MQTT 5 0x86, 0x87, 0x8C
    private static final int[] AUTH_CODES = {4, 5, 0x86, 0x87, 0x8C};

    private SyncFault() {
    }

    /** The fault a failed connection attempt stands for. */
    public static String of(Throwable failure) {
        if (failure instanceof MqttException m) {
            for (int code : AUTH_CODES) {
                if (m.getReasonCode() == code) {
                    return AUTH_REFUSED;
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof GeneralSecurityException) {
                return TLS_FAILED;
            }
        }
        return UNREACHABLE;
    }

    /** One line for logs and status: Paho's message, its reason code and cause (none of which carry the password). */
    static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            return m.getMessage() + " (code " + m.getReasonCode() + ")"
                    + (m.getCause() != null ? ": " + m.getCause() : "");
        }
        return String.valueOf(e);
    }
}
