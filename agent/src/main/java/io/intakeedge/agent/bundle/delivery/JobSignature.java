package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The operator's signature on a job document: Ed25519 over the payload's exact bytes, base64 in the MQTT 5 user
 * property {@value #SIGNATURE}, the key's fingerprint in {@value #SIGNER} (a hint for error messages only; the
 * signature is checked against every trusted key). Retained messages keep their user properties, so a station that
 * connects later checks the same signature.
 */
public final class JobSignature {
    public static final String SIGNATURE = "signature";
    public static final String SIGNER = "signer";

    private JobSignature() {
    }

    /** Adds signature and signer to {@code properties}. */
    public static void attach(MqttProperties properties, byte[] signature, String signerFingerprint) {
        List<UserProperty> user = new ArrayList<>(Optional.ofNullable(properties.getUserProperties())
                .orElse(List.of()));
        user.add(new UserProperty(SIGNATURE, Base64.getEncoder().encodeToString(signature)));
        user.add(new UserProperty(SIGNER, signerFingerprint));
        properties.setUserProperties(user);
    }

    /** The fingerprint of the trusted key that signed {@code payload}, if any did. */
    public static Optional<String> verify(byte[] payload, MqttProperties properties, TrustedKeys operators) {
        Optional<String> sig = property(properties, SIGNATURE);
        if (sig.isEmpty()) {
            return Optional.empty();
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return operators.signerOf(payload, signature).map(TrustedKeys.Key::fingerprint);
    }

    static Optional<String> property(MqttProperties properties, String name) {
        if (properties == null || properties.getUserProperties() == null) {
            return Optional.empty();
        }
        return properties.getUserProperties().stream().filter(p -> name.equals(p.getKey()))
                .map(UserProperty::getValue).findFirst();
    }
}
