package io.intakeedge.agent.bundle.lifecycle;


import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An operator's command to one station ({@value #SCHEMA}), carried signed inside a {@link SignedCommand}. Field
 * names in docs/mqtt.md, "Bundle commands".
 *
 * @param action    {@code promote} (shadow candidate → active), {@code rollback} (back to the previous whole bundle),
 *                  {@code cancel} (drop the candidate)
 * @param commandId operator-chosen id, echoed in the bundle state
 * @param site      target site
 * @param device    target device: a command for another device is refused
 * @param bundle    optional {@code id@version} the command is about: promote refuses when the candidate differs
 * @param sequence  rollback only, optional: also lets an archive of this lower sequence through the anti-downgrade
 *                  check until the command expires
 * @param issuedAt  when it was signed
 * @param expiresAt after this it is refused (at most {@link CommandVerifier#MAX_LIFETIME} after issuedAt)
 * @param nonce     random, unique per command: a second message with it is a replay
 */
public record BundleCommand(String schema, String action, String commandId, String site, String device,
                            String bundle, Long sequence, Instant issuedAt, Instant expiresAt, String nonce) {
    public static final String SCHEMA = "intake.bundle-command/1";

    public enum Action { PROMOTE, ROLLBACK, CANCEL }

    public BundleCommand {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got " + schema);
        }
        Objects.requireNonNull(action, "action");
        action(action);
        requireText("command_id", commandId, 64);
        requireText("site", site, 64);
        requireText("device", device, 64);
        Objects.requireNonNull(issuedAt, "issued_at");
        Objects.requireNonNull(expiresAt, "expires_at");
        requireText("nonce", nonce, 64);
        if (nonce.length() < 16) {
            throw new IllegalArgumentException("nonce must have at least 16 characters, got " + nonce.length());
        }
        if (bundle != null) {
            requireText("bundle", bundle, 140);
        }
    }

    public Action kind() {
        return action(action);
    }

    /** The exact bytes that are signed. */
    public byte[] toBytes() throws IOException {
        return LifecycleJson.MAPPER.writeValueAsBytes(this);
    }

    private static Action action(String value) {
        try {
            return Action.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("action must be promote, rollback or cancel, got '" + value + "'");
        }
    }

    private static void requireText(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + " characters, got " + value);
        }
    }
}
