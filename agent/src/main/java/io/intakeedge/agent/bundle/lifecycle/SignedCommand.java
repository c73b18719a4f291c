package io.intakeedge.agent.bundle.lifecycle;


import java.io.IOException;
import java.util.Base64;

/**
 * The message on {@code intake/v1/{site}/{device}/bundle/command} ({@value #SCHEMA}): the command's exact JSON bytes
 * (base64, so no re-serialisation can change what was signed), the raw 64-byte Ed25519 signature over those bytes
 * (base64) and the signer's key fingerprint as an unsigned hint.
 */
public record SignedCommand(String schema, String payload, String signature, String signer) {
    public static final String SCHEMA = "intake.signed-command/1";

    public static SignedCommand of(byte[] commandBytes, byte[] signature, String signer) {
        return new SignedCommand(SCHEMA, Base64.getEncoder().encodeToString(commandBytes),
                signature == null ? null : Base64.getEncoder().encodeToString(signature), signer);
    }

    public byte[] toBytes() throws IOException {
        return LifecycleJson.MAPPER.writeValueAsBytes(this);
    }
}
