package io.intakeedge.profiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the calling thread's CPU priority (its Linux nice value), so that background work — bundle downloads,
 * archive checks, housekeeping — gives way to capture and decisions when a small station's CPUs are all busy.
 * Threads the caller starts afterwards (an MQTT client's) inherit the value from the kernel.
 * <p>
 * Why not {@link Thread#setPriority}: Linux JVMs ignore Java priorities unless started with
 * {@code -XX:ThreadPriorityPolicy=1}, which warns at every start for a non-root user and, for root, puts the JVM's
 * own threads (JIT compilers, reference handler) above the decisions. Raising one's own nice value needs no
 * permission, so this asks util-linux's {@code renice} to do it for the calling thread's id ({@code /proc/thread-self}).
 * Best effort: where that is not possible (no /proc, no renice) the thread keeps its priority and the reason comes back.
 */
public final class ThreadNice {
    /** How much lower than the station's own priority background work runs (nice 0 → 10; at most 19). */
    public static final int BACKGROUND_STEP = 10;

    private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
    private static final Path SELF = Path.of("/proc/thread-self");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ThreadNice() {
    }

    /**
     * A daemon thread for work nobody waits for while it runs (downloads, archive checks, retention): it lowers its
     * priority by {@link #BACKGROUND_STEP} before {@code body} runs. Where it cannot, it runs anyway and says why
     * once per JVM.
     */
    public static Thread background(String name, Runnable body) {
        Thread t = new Thread(() -> {
            lowerCurrent(BACKGROUND_STEP).ifPresent(why -> {
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("background work keeps the decisions' CPU priority ({}); a busy station decides slower"
                            + " while it downloads", why);
                }
            });
            body.run();
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Lowers the calling thread's priority by {@code step}; empty when it did, otherwise why not. */
    public static Optional<String> lowerCurrent(int step) {
        try {
            int nice = Math.min(19, current() + step);
            String tid = SELF.toRealPath().getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(nice), "-p", tid)
                    .redirectErrorStream(true).start();
            String out = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return Optional.of("renice did not finish in 10 s");
            }
            int now = current();
            return now == nice ? Optional.empty()
                    : Optional.of("nice is " + now + " after renice (exit " + renice.exitValue() + ": " + out + ")");
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot renice this thread: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The calling thread's nice value, from {@code /proc/thread-self/stat} (field 19). */
    public static int current() throws IOException {
        return niceOf(Files.readString(SELF.resolve("stat"), StandardCharsets.US_ASCII));
    }

    /** Field 19 of a {@code /proc/.../stat} line. */
    static int niceOf(String stat) {
        // the command name (field 2) may hold spaces and parentheses: count the fields after its last ')'
        String[] rest = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
        return Integer.parseInt(rest[16]);
    }
}
