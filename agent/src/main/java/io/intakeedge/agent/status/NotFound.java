package io.intakeedge.agent.status;

/** An unknown trace id, or evidence that is not there; answered with 404 and this message. */
public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
