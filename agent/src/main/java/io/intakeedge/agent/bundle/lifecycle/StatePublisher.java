package io.intakeedge.agent.bundle.lifecycle;

/**
 * Where bundle states go: the retained MQTT state topic, the station's event log, tests. Called on the lifecycle's
 * thread; an implementation must not block for long (the MQTT one hands off to Paho) and must not throw.
 */
@FunctionalInterface
public interface StatePublisher {
    void publish(StateReport report);

    /** Publishes to both. */
    default StatePublisher and(StatePublisher other) {
        return r -> {
            publish(r);
            other.publish(r);
        };
    }
}
