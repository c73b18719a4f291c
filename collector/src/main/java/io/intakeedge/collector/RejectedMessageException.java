package io.intakeedge.collector;

/**
 * A message the collector cannot store as data: it goes to the dead-letter table with this exception's reason.
 */
public class RejectedMessageException extends Exception {

    /** Why messages are rejected; the dead-letter table records the category and the detail. */
    public enum Reason { MALFORMED, OVERSIZED, WRONG_SCHEMA, UNDECODABLE, INVALID }

    private final Reason reason;

    public RejectedMessageException(Reason reason, String detail) {
        super(reason.name().toLowerCase() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
