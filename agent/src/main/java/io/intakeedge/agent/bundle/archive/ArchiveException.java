package io.intakeedge.agent.bundle.archive;

import io.intakeedge.agent.bundle.BundleException;

/**
 * A bundle archive refused, with the reason as a short code (for state topics and tests) and a sentence for people.
 */
public final class ArchiveException extends BundleException {
    private final Refusal refusal;

    public ArchiveException(Refusal refusal, String message) {
        super(refusal.code() + ": " + message);
        this.refusal = refusal;
    }

    public ArchiveException(Refusal refusal, String message, Throwable cause) {
        super(refusal.code() + ": " + message, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
