package io.intakeedge.agent.guard;

import java.time.Instant;
import java.util.Objects;

/**
 * One resource guard's verdict, as {@code /api/status} ({@code resources.guards}) and the event timeline show it.
 *
 * @param guard    {@code thermal} or {@code memory}
 * @param state    thermal: {@code ok}, {@code throttle}, {@code critical}, {@code unmonitored} (no zone readable);
 *                 memory: {@code ok}, {@code near_limit}, {@code over_limit}, {@code unmeasured}
 * @param severity {@code info}, {@code warning} or {@code error}, as events use it
 * @param action   what the station does about it: {@code none}, {@code decision_rate_halved},
 *                 {@code inference_paused} (every parcel fails closed to manual intake), {@code warn}
 * @param reason   the measurement behind the state, one sentence
 * @param since    when the guard entered this state
 */
public record GuardState(String guard, String state, String severity, String action, String reason,
                         Instant since) {

    public GuardState {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }

    /** The same verdict, stamped with when it began. */
    GuardState since(Instant at) {
        return new GuardState(guard, state, severity, action, reason, at);
    }
}
