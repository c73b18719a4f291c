package io.intakeedge.profiles;

/** A device profile that cannot be found, read or accepted; the message says which and why. */
public class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
