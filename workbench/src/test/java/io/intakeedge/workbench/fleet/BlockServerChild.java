package io.intakeedge.workbench.fleet;

import io.intakeedge.collector.bundle.ArchiveStore;
import io.intakeedge.collector.bundle.BlockServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The central block server in a JVM of its own, where a fleet runs it: off the station's heap, GC and threads, so a
 * benchmark of the station measures the station. Prints {@code READY} once connected and serves until its stdin
 * closes (the parent ended or closed it). Args: broker, client id, archive store dir.
 */
public final class BlockServerChild {
    public static void main(String[] args) throws Exception {
        try (BlockServer server = BlockServer.start(args[0], args[1], new ArchiveStore(Path.of(args[2])),
                new BlockServer.Settings("", 4096, 16))) {
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing to read: EOF is the stop signal
            }
        }
    }

    /** A started child; closing it closes its stdin and waits for it to end (killed after 30 s). */
    record Running(Process process) implements AutoCloseable {
        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the child at CPU priority {@code nice} (0: the caller's) and waits until it reports ready (or ends). */
    static Running start(String broker, String clientId, Path store, int nice)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (nice > 0) {
            command.addAll(List.of("nice", "-n", String.valueOf(nice)));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), BlockServerChild.class.getName(), broker,
                clientId, store.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> drain(out), "block-server-child-out");
        reader.setDaemon(true);
        String line;
        do {
            line = out.readLine(); // the child's connect has its own timeout: it prints READY or ends
        } while (line != null && !line.equals("READY"));
        if (line == null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("block server child did not start (exit "
                    + (child.isAlive() ? "none" : child.exitValue()) + ")");
        }
        reader.start(); // keeps its pipe from filling up
        return new Running(child);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discarded: the child's log
            }
        } catch (IOException e) {
            // the child ended
        }
    }
}
