package io.intakeedge.workbench.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks the demo's status-page port: the default when it is free, otherwise 0 (the OS picks a free one). */
final class FreePort {
    private FreePort() {
    }

    /**
     * {@code wanted} when it can be bound on loopback; when it is taken and is the default, 0 so the server takes
     * any free port. A port the user asked for explicitly is kept, so binding fails with a clear error instead of
     * silently moving.
     */
    static int orAnother(int wanted, int defaultPort) {
        if (wanted == 0 || wanted != defaultPort) {
            return wanted;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
            return wanted;
        } catch (IOException taken) {
            return 0;
        }
    }
}
