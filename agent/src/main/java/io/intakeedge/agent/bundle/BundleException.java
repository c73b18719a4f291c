package io.intakeedge.agent.bundle;

/** A bundle could not be loaded or activated; the message names the file and what is wrong with it. */
public class BundleException extends Exception {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
