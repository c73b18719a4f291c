package io.intakeedge.capture.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;

/**
 * A capture process's stderr: logged at a bounded rate (a decoder complaining 30 times a second, or a process
 * restarted in a loop, must not fill the disk), with the number of lines held back said when logging resumes, and
 * the last lines kept as the reason when the process fails. One per camera, shared by its successive processes.
 * Thread-safe.
 */
final class StderrLog {
    private static final Logger log = LoggerFactory.getLogger(StderrLog.class);
    static final int TAIL_LINES = 5;

    private final String camera;
    private final int linesPerWindow;
    private final long windowNanos;
    private final UnaryOperator<String> redact;
    private final Deque<String> tail = new ArrayDeque<>();
    private long windowStart = System.nanoTime();
    private int loggedInWindow;
    private long heldBack;
    private long heldBackTotal;

    /**
     * @param linesPerWindow at most this many lines are logged per window
     * @param redact         applied to every line before it is kept or logged (an RTSP password)
     */
    StderrLog(String camera, int linesPerWindow, long windowNanos, UnaryOperator<String> redact) {
        this.camera = camera;
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = windowNanos;
        this.redact = redact;
    }

    StderrLog(String camera, UnaryOperator<String> redact) {
        this(camera, 20, 60_000_000_000L, redact);
    }

    synchronized void line(String raw) {
        String line = redact.apply(raw.strip());
        if (line.isEmpty()) {
            return;
        }
        tail.addLast(line);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        long now = System.nanoTime();
        if (now - windowStart >= windowNanos) {
            if (heldBack > 0) {
                log.warn("camera {}: {} more capture-process lines were not logged", camera, heldBack);
            }
            windowStart = now;
            loggedInWindow = 0;
            heldBack = 0;
        }
        if (loggedInWindow < linesPerWindow) {
            loggedInWindow++;
            log.warn("camera {} capture process: {}", camera, line);
        } else {
            heldBack++;
            heldBackTotal++;
        }
    }

    /** The last lines, joined, or "" when the process said nothing. */
    synchronized String tail() {
        return String.join(" | ", tail);
    }

    /** Forgets the last lines (a new process starts: its reason must be its own). */
    synchronized void newProcess() {
        tail.clear();
    }

    /** Lines not logged because of the rate limit, since the camera was opened. */
    synchronized long heldBackTotal() {
        return heldBackTotal;
    }
}
