package io.intakeedge.agent.bundle.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a station's bundle stands, as published retained on {@code intake/v1/{site}/{device}/bundle/state}
 * (docs/mqtt.md). A candidate goes received → verifying → validating → shadow → activating → watching → committed,
 * or ends rejected, cancelled or rolled_back; the active bundle decides throughout.
 */
public enum LifecycleState {
    /** An archive arrived complete. */
    RECEIVED,
    /** Signature, sequence and compatibility are being checked. */
    VERIFYING,
    /** Safe model load, tensor shapes and the exact receipt are being run. */
    VALIDATING,
    /** The candidate scores live frames beside the active bundle; routing still uses the active one. */
    SHADOW,
    /** The switch is being made, between two frames. */
    ACTIVATING,
    /** The new bundle decides; its health is watched for K decisions / T seconds. */
    WATCHING,
    /** The active bundle is proven (also the state after a start with nothing pending). */
    COMMITTED,
    /** The previous whole bundle decides again (health failure or signed rollback). */
    ROLLED_BACK,
    /** The candidate was refused; {@code stage} and {@code reason} say where and why. */
    REJECTED,
    /** A signed cancel command dropped the candidate. */
    CANCELLED;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
