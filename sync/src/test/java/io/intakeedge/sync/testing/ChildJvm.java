package io.intakeedge.sync.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test classpath in a separate JVM, for tests that {@code kill -9} a whole process. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Launches {@code mainClass} with {@code args}; stdout and stderr go to {@code log}. */
    public static Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        // surefire runs tests from a manifest-only jar; the real classpath is in this property
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
