package io.intakeedge.agent.status;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The registry of control actions the page offers. The agent registers re-learning the background and a capture now;
 * bundle promotion and rollback register here when the station manages bundles. Thread-safe.
 */
public final class ControlActions {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final Map<String, ControlAction> actions = new ConcurrentSkipListMap<>();

    public ControlActions register(ControlAction action) {
        if (!NAME.matcher(action.name()).matches()) {
            throw new IllegalArgumentException("control action name must match " + NAME + ", got '"
                    + action.name() + "'");
        }
        if (actions.putIfAbsent(action.name(), action) != null) {
            throw new IllegalArgumentException("control action '" + action.name() + "' is registered twice");
        }
        return this;
    }

    public Optional<ControlAction> find(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    /** In name order. */
    public Collection<ControlAction> all() {
        return actions.values();
    }
}
