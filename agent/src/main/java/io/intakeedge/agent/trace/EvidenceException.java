package io.intakeedge.agent.trace;

/** An evidence JPEG could not be written (directory unwritable, disk full, encoding failed). */
public class EvidenceException extends Exception {
    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
