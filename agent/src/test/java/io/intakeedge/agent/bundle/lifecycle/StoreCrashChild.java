package io.intakeedge.agent.bundle.lifecycle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A child JVM that takes its store through one activation, step by step: it prints {@code STEP n} and waits for a
 * line on stdin before each step, so the parent can SIGKILL it exactly there. Args: store root, bundle to install.
 */
public final class StoreCrashChild {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path source = Path.of(args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BundleStore store = BundleStore.open(root, 2);
        step(0, in);
        Path work = store.newWorkDir();
        Path bundle = work.resolve("bundle");
        Files.createDirectories(bundle);
        try (Stream<Path> files = Files.list(source)) {
            int i = 0;
            for (Path f : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()));
                if (i++ == 2) {
                    step(1, in); // half the files extracted
                }
            }
        }
        copyTree(source.resolve("receipt"), bundle.resolve("receipt"));
        step(2, in);
        BundleStore.Stored stored = store.install(work, bundle, 2, "parcel-damage-demo@2.0.0");
        step(3, in);
        store.activate(stored);
        step(4, in);
        store.commit();
        step(5, in);
    }

    private static void step(int n, BufferedReader in) throws Exception {
        System.out.println("STEP " + n);
        System.out.flush();
        in.readLine();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
