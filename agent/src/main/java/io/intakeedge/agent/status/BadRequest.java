package io.intakeedge.agent.status;

/** A request the API refuses with 400; the message says which parameter and why, and is sent to the client. */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
