package io.intakeedge.agent.bundle.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One retained bundle-state message ({@value #SCHEMA}): the state, and for every refusal the stage and a reason code
 * with a sentence. Field names in docs/mqtt.md, "Bundle state".
 *
 * @param state     the lifecycle state
 * @param stage     where a candidate was refused or rolled back: {@code signature}, {@code downgrade},
 *                  {@code compatibility}, {@code validation}, {@code shadow}, {@code health}, {@code command},
 *                  {@code install}; null otherwise
 * @param reason    short code ({@code bad_signature}, {@code receipt_failed}, {@code error_rate}, ...); null when none
 * @param detail    a sentence for people; null when none
 * @param job       the rollout (job) or command id that caused this state; null when none; JSON
 *                  {@code rollout_id}, the field the download's own states (delivery {@code BundleState}) use
 * @param candidate the bundle being handled ({@code id@version}); null when none
 * @param sequence  the candidate's release sequence; null when none
 * @param active    the bundle deciding now ({@code id@version}); null when none; JSON {@code active_bundle}
 * @param activeSequence its sequence
 * @param previous  bundles kept for rollback, newest first
 * @param shadow    shadow statistics while (or after) the candidate ran in shadow; null when none
 * @param health    health-watch progress while watching, or the verdict; null when none
 * @param at        when this state was entered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateReport(String schema, String site, String device, LifecycleState state, String stage,
                          String reason, String detail, @JsonProperty("rollout_id") String job, String candidate,
                          Long sequence, @JsonProperty("active_bundle") String active, Long activeSequence, List<String> previous, ShadowStats shadow, HealthProgress health,
                          Instant at) {
    public static final String SCHEMA = "intake.bundle-state/1";

    public StateReport {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        previous = previous == null ? List.of() : List.copyOf(previous);
    }

    /** Whether this state is a refusal or a rollback an operator must look at. */
    @JsonIgnore
    public boolean isProblem() {
        return state == LifecycleState.REJECTED || state == LifecycleState.ROLLED_BACK;
    }

    /** One line for the station's event log. */
    public String summary() {
        StringBuilder s = new StringBuilder("bundle ").append(state.code());
        if (candidate != null) {
            s.append(' ').append(candidate);
        }
        if (stage != null) {
            s.append(" at ").append(stage);
        }
        if (reason != null) {
            s.append(": ").append(reason);
        }
        if (detail != null) {
            s.append(" (").append(detail).append(')');
        }
        s.append("; active ").append(active == null ? "none" : active);
        return s.toString();
    }
}
