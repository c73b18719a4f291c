package io.intakeedge.workbench.bundle;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.lifecycle.BundleCommand;
import io.intakeedge.agent.bundle.lifecycle.SignedCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Makes the signed operator commands of {@code fleet promote / rollback}: the command's JSON bytes, an Ed25519
 * signature over exactly those bytes with the operator's key (PKCS#8 PEM, as {@code keys generate} writes it), a
 * fresh 128-bit nonce and an expiry. Only the workbench touches the private key; stations hold the public one.
 */
public final class CommandSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CommandSigner() {
    }

    /** What to send, and the command inside it (for the operator's record). */
    public record Signed(BundleCommand command, byte[] message) {
    }

    public static Signed sign(Path keyFile, String action, String site, String device, String bundle, Long sequence,
                              String commandId, Duration ttl, Instant now)
            throws BundleException, IOException, GeneralSecurityException {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("--ttl must be between 1 s and 24 h (stations refuse longer), got "
                    + ttl);
        }
        PrivateKey key = SigningKeys.readPrivate(keyFile);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        BundleCommand c = new BundleCommand(BundleCommand.SCHEMA, action, commandId, site, device, bundle, sequence,
                now, now.plus(ttl), HexFormat.of().formatHex(nonce));
        byte[] payload = c.toBytes();
        String signer = SigningKeys.matchingFingerprint(keyFile, key).orElse(null);
        return new Signed(c, SignedCommand.of(payload, SigningKeys.sign(key, payload), signer).toBytes());
    }
}
