package io.intakeedge.sync.protocol;

/** A received message does not follow the contract; the message says what is wrong (for a dead-letter reason). */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
