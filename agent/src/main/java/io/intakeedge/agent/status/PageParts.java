package io.intakeedge.agent.status;

import java.util.Objects;
import java.util.Optional;

/**
 * What the page needs from the running station beyond its status: the control actions and their token, the live
 * view and the health panels.
 *
 * @param token empty: control actions are disabled (403 with the reason)
 */
public record PageParts(ControlActions controls, Optional<ControlToken> token, LiveView live, HealthSource health) {
    public PageParts {
        Objects.requireNonNull(controls, "controls");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(health, "health");
    }
}
