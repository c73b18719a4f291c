package io.intakeedge.sync.drift;

import java.io.IOException;

/**
 * A reference profile that cannot be compared with this version's windows: unknown schema, different bins,
 * inconsistent counts. The monitor then runs with "reference: none" rather than guessing.
 */
public class IncompatibleReferenceException extends IOException {
    public IncompatibleReferenceException(String message) {
        super(message);
    }

    public IncompatibleReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
