package io.intakeedge.capture;

/** A frame source failed: unreadable file, stalled camera, undecodable image. The message says why. */
public class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
