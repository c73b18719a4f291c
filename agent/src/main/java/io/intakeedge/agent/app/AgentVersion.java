package io.intakeedge.agent.app;

/** The agent's version as baked into the jar manifest by Maven; "dev" when run from classes. */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
