package io.intakeedge.capture.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a capture process (ffmpeg, gst-launch-1.0) that writes raw frames of a fixed size to its stdout, and reads
 * them on a thread of its own. Decoders hang and crash in native code; in a child process that can never take the
 * agent down, and the blocking pipe read happens here, so the consumer waits with a timeout (the watchdog) and
 * never blocks on the camera itself. Only the newest frames are kept (a live camera is not a file: an old frame is
 * worth nothing); frames dropped because the consumer was busy are counted. stderr is drained into a
 * {@link StderrLog}. {@link #close} kills the process and everything it started.
 */
final class ChildProcessFrameReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcessFrameReader.class);
    /** Frames waiting for the consumer; more arriving push out the oldest. */
    private static final int QUEUE = 2;

    /** One frame from the pipe, or the end of the stream ({@code data == null}). */
    record Chunk(byte[] data, long receivedNanos) {
        boolean end() {
            return data == null;
        }
    }

    private final String name;
    private final int frameBytes;
    private final Process process;
    private final BlockingQueue<Chunk> frames = new ArrayBlockingQueue<>(QUEUE + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE + 3);
    private final AtomicLong dropped = new AtomicLong();
    private final StderrLog stderr;
    private volatile long partialBytes;

    private ChildProcessFrameReader(String name, Process process, int frameBytes, StderrLog stderr) {
        this.name = name;
        this.process = process;
        this.frameBytes = frameBytes;
        this.stderr = stderr;
    }

    /** Starts {@code command}; the process's stdin is closed at once (ffmpeg must not wait for keys). */
    static ChildProcessFrameReader start(String name, List<String> command, int frameBytes, StderrLog stderr)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull()));
        stderr.newProcess();
        ChildProcessFrameReader reader = new ChildProcessFrameReader(name, pb.start(), frameBytes, stderr);
        reader.thread("frames", reader::readFrames);
        reader.thread("stderr", reader::drainStderr);
        return reader;
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private void thread(String what, Runnable body) {
        Thread t = new Thread(body, name + "-" + what);
        t.setDaemon(true);
        t.start();
    }

    /**
     * The next frame, waiting at most {@code timeoutMillis}: null when none came (the caller's watchdog decides
     * what that means), a {@linkplain Chunk#end() end} chunk once the process closed its stdout.
     */
    Chunk poll(long timeoutMillis) throws InterruptedException {
        return frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Gives a frame's buffer back for the next read. */
    void recycle(byte[] data) {
        if (data != null && data.length == frameBytes) {
            free.offer(data);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Frames the reader pushed out because the consumer had not taken the older ones. */
    long dropped() {
        return dropped.get();
    }

    /** Why the stream ended: exit code (or still running) and the process's last stderr lines. */
    String endReason() {
        String exit;
        try {
            exit = process.waitFor(500, TimeUnit.MILLISECONDS) ? "exited with code " + process.exitValue()
                    : "closed its output but still runs";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "ended";
        }
        String tail = stderr.tail();
        long partial = partialBytes;
        return exit + (partial > 0 ? " (" + partial + " bytes of a cut-off frame discarded)" : "")
                + (tail.isEmpty() ? "" : ": " + tail);
    }

    private void readFrames() {
        try (InputStream in = process.getInputStream()) {
            while (true) {
                byte[] buf = free.poll();
                if (buf == null) {
                    buf = new byte[frameBytes];
                }
                int n = in.readNBytes(buf, 0, frameBytes);
                if (n < frameBytes) {
                    partialBytes = n; // a frame cut off by the end of the stream is never handed on
                    break;
                }
                hand(new Chunk(buf, System.nanoTime()));
            }
        } catch (IOException e) {
            log.debug("{}: frame pipe closed: {}", name, e.toString());
        } finally {
            hand(new Chunk(null, System.nanoTime()));
        }
    }

    private void hand(Chunk chunk) {
        while (!frames.offer(chunk)) {
            Chunk old = frames.poll();
            if (old != null && !old.end()) {
                dropped.incrementAndGet();
                recycle(old.data());
            }
        }
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stderr.line(line);
            }
        } catch (IOException e) {
            log.debug("{}: stderr closed: {}", name, e.toString());
        }
    }

    /** Kills the process and its descendants (gst-launch and ffmpeg may fork helpers) and waits briefly. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                log.warn("{}: capture process {} did not exit within 2 s of SIGKILL", name, process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frames.clear();
        free.clear();
    }
}
