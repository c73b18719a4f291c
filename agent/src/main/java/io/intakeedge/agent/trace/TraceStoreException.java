package io.intakeedge.agent.trace;

/** The trace database could not be opened, migrated, read or written; the message says which and why. */
public class TraceStoreException extends RuntimeException {
    public TraceStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public TraceStoreException(String message) {
        super(message);
    }
}
