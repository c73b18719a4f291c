package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.archive.TrustedKeys;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks an operator command before the station acts on it, in this order: one well-formed {@link SignedCommand};
 * a signature at all ({@code unsigned}); an Ed25519 signature by a trusted operator key over the exact payload bytes
 * ({@code unknown_signer} when the hint names a key this station does not trust, else {@code bad_signature}); a
 * well-formed command; this station as target ({@code wrong_device}); issued-at not in the future beyond
 * {@link #SKEW}, not expired, lifetime at most {@link #MAX_LIFETIME}; and a nonce never seen ({@code replayed}). The
 * nonce is recorded only once everything else passed, so a forged message can't burn a real command's nonce.
 */
public final class CommandVerifier {
    public static final Duration SKEW = Duration.ofMinutes(2);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** Larger messages are refused before parsing. */
    public static final int MAX_BYTES = 8192;

    /** A command that passed every check, and who signed it. */
    public record Verified(BundleCommand command, String signer) {
    }

    private final TrustedKeys operators;
    private final String site;
    private final String device;
    private final NonceLedger nonces;

    public CommandVerifier(TrustedKeys operators, String site, String device, NonceLedger nonces) {
        this.operators = operators;
        this.site = site;
        this.device = device;
        this.nonces = nonces;
    }

    public Verified verify(byte[] message, Instant now) throws CommandRefused {
        if (message.length > MAX_BYTES) {
            throw new CommandRefused("malformed", null, "message has " + message.length + " bytes, limit " + MAX_BYTES);
        }
        SignedCommand signed;
        byte[] payload;
        try {
            signed = LifecycleJson.MAPPER.readValue(message, SignedCommand.class);
            if (!SignedCommand.SCHEMA.equals(signed.schema()) || signed.payload() == null) {
                throw new IllegalArgumentException("expected " + SignedCommand.SCHEMA + " with a payload");
            }
            payload = Base64.getDecoder().decode(signed.payload());
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandRefused("malformed", null, "not a " + SignedCommand.SCHEMA + " message: "
                    + firstLine(e.getMessage()));
        }
        String claimedId = peekId(payload);
        if (signed.signature() == null || signed.signature().isBlank()) {
            throw new CommandRefused("unsigned", claimedId, "the command carries no signature; sign it with an "
                    + "operator key (`fleet promote --key ...`)");
        }
        String signer = checkSignature(payload, signed, claimedId);
        BundleCommand command;
        try {
            command = LifecycleJson.MAPPER.readValue(payload, BundleCommand.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandRefused("malformed", claimedId, "signed payload is not a " + BundleCommand.SCHEMA
                    + " command: " + firstLine(e.getMessage()));
        }
        checkTarget(command);
        checkTime(command, now);
        if (!nonces.firstUse(command, signer, now)) {
            throw new CommandRefused("replayed", command.commandId(), "nonce " + command.nonce() + " was already "
                    + "used; every command needs a fresh one");
        }
        return new Verified(command, signer);
    }

    private String checkSignature(byte[] payload, SignedCommand signed, String id) throws CommandRefused {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signed.signature());
        } catch (IllegalArgumentException e) {
            throw new CommandRefused("bad_signature", id, "signature is not base64");
        }
        Optional<TrustedKeys.Key> key = operators.signerOf(payload, signature);
        if (key.isPresent()) {
            return key.get().fingerprint();
        }
        boolean known = signed.signer() != null && operators.keys().stream()
                .anyMatch(k -> k.fingerprint().equals(signed.signer()));
        if (signed.signer() != null && !known) {
            throw new CommandRefused("unknown_signer", id, "signed by key " + signed.signer() + ", which is not an "
                    + "operator key of this station");
        }
        throw new CommandRefused("bad_signature", id, "the signature does not verify over the payload with any "
                + "operator key: the command was changed after signing or signed by another key");
    }

    private void checkTarget(BundleCommand c) throws CommandRefused {
        if (!site.equals(c.site()) || !device.equals(c.device())) {
            throw new CommandRefused("wrong_device", c.commandId(), "the command is for " + c.site() + "/"
                    + c.device() + ", this station is " + site + "/" + device);
        }
    }

    private static void checkTime(BundleCommand c, Instant now) throws CommandRefused {
        if (c.issuedAt().isAfter(now.plus(SKEW))) {
            throw new CommandRefused("not_yet_valid", c.commandId(), "issued at " + c.issuedAt() + ", later than "
                    + "this station's clock " + now + " allows (" + SKEW.toMinutes() + " min skew)");
        }
        if (!c.expiresAt().isAfter(now)) {
            throw new CommandRefused("expired", c.commandId(), "expired at " + c.expiresAt() + " (now " + now + ")");
        }
        if (Duration.between(c.issuedAt(), c.expiresAt()).compareTo(MAX_LIFETIME) > 0) {
            throw new CommandRefused("lifetime_too_long", c.commandId(), "valid from " + c.issuedAt() + " to "
                    + c.expiresAt() + "; a command may live at most " + MAX_LIFETIME.toHours() + " h");
        }
    }

    /** The command id for echoing in a refusal, read without trusting anything else in the payload. */
    private static String peekId(byte[] payload) {
        try {
            var node = LifecycleJson.MAPPER.readTree(payload).get("command_id");
            return node != null && node.isTextual() && node.asText().length() <= 64 ? node.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
    }
}
