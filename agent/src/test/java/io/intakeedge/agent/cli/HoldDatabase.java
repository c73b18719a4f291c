package io.intakeedge.agent.cli;

import io.intakeedge.agent.trace.AgentDatabase;

import java.nio.file.Path;

/** A second process holding a station's database open, as a running station does, until its stdin closes. */
public final class HoldDatabase {
    private HoldDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (AgentDatabase db = AgentDatabase.open(Path.of(args[0]))) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
