package io.intakeedge.agent.bundle.lifecycle;

/** A command the station will not carry out, with a short reason code and a sentence. */
public final class CommandRefused extends Exception {
    private final String reason;
    private final String commandId;

    public CommandRefused(String reason, String commandId, String message) {
        super(reason + ": " + message);
        this.reason = reason;
        this.commandId = commandId;
    }

    /** {@code malformed}, {@code unsigned}, {@code bad_signature}, {@code unknown_signer}, {@code wrong_device},
     * {@code expired}, {@code not_yet_valid}, {@code lifetime_too_long}, {@code replayed}, or a state refusal such as
     * {@code no_candidate}. */
    public String reason() {
        return reason;
    }

    /** The command's id when it could be read (never trusted for anything but echoing); null otherwise. */
    public String commandId() {
        return commandId;
    }
}
