package io.intakeedge.agent.app;

/**
 * The station cannot start with this configuration (bad bundle, camera source, data directory, device profile).
 * The message is one complete line for the operator; {@code run} prints it and exits with code 2.
 */
public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
