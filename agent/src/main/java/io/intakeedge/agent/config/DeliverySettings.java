package io.intakeedge.agent.config;

import io.intakeedge.sync.protocol.Ids;

import java.util.List;

/**
 * {@code delivery:} in station.yaml: bundle delivery over MQTT (docs/mqtt.md, "Bundle delivery"). Uses the sync
 * section's broker, credentials and TLS on a connection of its own, and the {@code bundles:} section's keys:
 * {@code trusted_keys} for the archives, {@code operator_keys} for the job documents (none: unsigned download jobs
 * are taken, since the archive's own signature is still required, and cancels are refused).
 *
 * @param enabled         on/off (default off); needs sync and bundles.trusted_keys
 * @param groups          groups whose jobs this station follows besides its device and site jobs
 * @param windowBlocks    blocks asked for and not yet arrived (default 64)
 * @param requestTimeoutS a request that brings nothing for this long is asked again (default 5)
 * @param autoPromoteAfter handed to the lifecycle with each job: promote by itself after this many shadow
 *                        comparisons at the agreement limit; 0 (default) waits for `fleet promote`
 * @param maxKibPerS      download rate limit in KiB/s (default {@value #DEFAULT_MAX_KIB_PER_S}: a 50 MB bundle in
 *                        13 s), so a download's CPU bursts stay out of the decisions' tail; 0: no limit
 */
public record DeliverySettings(Boolean enabled, List<String> groups, Integer windowBlocks, Integer requestTimeoutS,
                               Integer autoPromoteAfter, Integer maxKibPerS) {
    /** 4 MiB/s: decision p99 downloading/idle 0.93–0.95 on 2 cores, 1.29 unpaced (BENCHMARKS.md). */
    public static final int DEFAULT_MAX_KIB_PER_S = 4096;
    public static final DeliverySettings DISABLED = new DeliverySettings(false, null, null, null, null, null);

    public DeliverySettings(Boolean enabled, List<String> groups, Integer windowBlocks, Integer requestTimeoutS,
                            Integer autoPromoteAfter) {
        this(enabled, groups, windowBlocks, requestTimeoutS, autoPromoteAfter, null);
    }

    public DeliverySettings {
        enabled = enabled != null && enabled;
        groups = groups == null ? List.of() : List.copyOf(groups);
        groups.forEach(g -> Ids.require("delivery.groups", g));
        windowBlocks = windowBlocks == null ? 64 : windowBlocks;
        requestTimeoutS = requestTimeoutS == null ? 5 : requestTimeoutS;
        autoPromoteAfter = autoPromoteAfter == null ? 0 : autoPromoteAfter;
        maxKibPerS = maxKibPerS == null ? DEFAULT_MAX_KIB_PER_S : maxKibPerS;
        if (windowBlocks < 1 || windowBlocks > 1024 || requestTimeoutS < 1 || autoPromoteAfter < 0
                || maxKibPerS < 0) {
            throw new IllegalArgumentException("delivery: window_blocks must be 1..1024, request_timeout_s >= 1, "
                    + "auto_promote_after >= 0 and max_kib_per_s >= 0");
        }
    }
}
