package io.intakeedge.agent.routing;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a parcel photo goes next (seed 000). The wire/trace code is the lower-case name, e.g.
 * {@code priority_damage_review}.
 */
public enum Route {
    /** The photo is unusable evidence (not visible, incomplete, blurred, dark, over-exposed): take another. */
    REQUEST_NEW_PHOTO("request_new_photo"),
    /** Usable photo, damage score below the bundle's threshold. */
    NORMAL_REVIEW("normal_review"),
    /** Usable photo, damage score at or above the bundle's threshold: a specialist looks first. */
    PRIORITY_DAMAGE_REVIEW("priority_damage_review"),
    /** Something failed (no model, model error, invalid score): a person handles the parcel. Fail closed. */
    MANUAL_INTAKE("manual_intake");

    private final String code;

    Route(String code) {
        this.code = code;
    }

    /** The stable lower-case code used in traces, JSON, MQTT and manifests. */
    public String code() {
        return code;
    }

    /**
     * Whether a decision on this route keeps the photo as evidence on disk: every route a person acts on (issue 2),
     * including {@code manual_intake} (issue 9: the person handling a failed decision needs the photo the model saw).
     */
    public boolean keepsEvidence() {
        return this != NORMAL_REVIEW;
    }

    /**
     * Whether this route may serve as a bundle's fail-closed fallback: only {@code manual_intake}. The manifest still
     * names it so the fallback is pinned and reviewed with the bundle (seed 001); {@code normal_review} would fail
     * open, and {@code request_new_photo} would loop forever on a broken model.
     */
    public boolean isSafeFallback() {
        return this == MANUAL_INTAKE;
    }

    /**
     * The route with this code (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted codes when none matches
     */
    public static Route fromCode(String code) {
        for (Route r : values()) {
            if (r.code.equalsIgnoreCase(code == null ? "" : code.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown route '" + code + "'; expected one of "
                + Arrays.stream(values()).map(Route::code).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return code;
    }
}
