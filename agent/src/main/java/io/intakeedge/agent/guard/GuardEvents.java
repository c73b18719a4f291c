package io.intakeedge.agent.guard;

/** Where guard state changes go: the station's event timeline ({@code EventLog::add} fits). */
@FunctionalInterface
public interface GuardEvents {
    void raise(String kind, String severity, String message);
}
