package io.intakeedge.collector.security;

import io.intakeedge.sync.testing.MosquittoProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private mosquitto with {@code allow_anonymous false} and a {@code password_file} made by the real
 * {@code mosquitto_passwd}, plus whatever listener or ACL lines a test adds.
 */
final class LockedBroker {
    private LockedBroker() {
    }

    static MosquittoProcess start(Path dir, Map<String, String> users, List<String> extraLines) throws Exception {
        Path passwd = dir.resolve("passwd-" + System.nanoTime());
        for (Map.Entry<String, String> user : users.entrySet()) {
            List<String> command = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwd)) {
                command.add("-c");
            }
            command.addAll(List.of(passwd.toString(), user.getKey(), user.getValue()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command.subList(0, 3) + " failed: " + out);
            }
        }
        List<String> lines = new ArrayList<>(List.of("allow_anonymous false", "password_file " + passwd));
        lines.addAll(extraLines);
        return MosquittoProcess.start(lines);
    }

    /** The repository's shipped file {@code deploy/mosquitto/NAME}, found from the module's working folder. */
    static Path deployed(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/mosquitto").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/mosquitto/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
