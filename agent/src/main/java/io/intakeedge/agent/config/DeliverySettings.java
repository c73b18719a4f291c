package io.intakeedge.agent.config;

import io.intakeedge.sync.protocol.Ids;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code delivery:} in station.yaml: bundle delivery over MQTT (docs/mqtt.md, "Bundle delivery"). Uses the sync
 * section's broker, credentials and TLS on a second connection. Relative key paths are relative to station.yaml.
 *
 * @param enabled        on/off (default off)
 * @param groups         groups whose jobs this station follows besides its device and site jobs
 * @param trust          Ed25519 public keys (PEM) a downloaded archive must be signed with
 * @param operatorKeys   Ed25519 public keys job documents must be signed with; none: unsigned download jobs are
 *                       taken (the archive's own signature is still required), cancels never
 * @param windowBlocks   blocks asked for and not yet arrived (default 64)
 * @param requestTimeoutS a request that brings nothing for this long is asked again (default 5)
 */
public record DeliverySettings(Boolean enabled, List<String> groups, List<Path> trust, List<Path> operatorKeys,
                               Integer windowBlocks, Integer requestTimeoutS) {
    public static final DeliverySettings DISABLED = new DeliverySettings(false, null, null, null, null, null);

    public DeliverySettings {
        enabled = enabled != null && enabled;
        groups = groups == null ? List.of() : List.copyOf(groups);
        groups.forEach(g -> Ids.require("delivery.groups", g));
        trust = trust == null ? List.of() : List.copyOf(trust);
        operatorKeys = operatorKeys == null ? List.of() : List.copyOf(operatorKeys);
        windowBlocks = windowBlocks == null ? 64 : windowBlocks;
        requestTimeoutS = requestTimeoutS == null ? 5 : requestTimeoutS;
        if (windowBlocks < 1 || windowBlocks > 1024 || requestTimeoutS < 1) {
            throw new IllegalArgumentException("delivery: window_blocks must be 1..1024 and request_timeout_s >= 1");
        }
        if (enabled && trust.isEmpty()) {
            throw new IllegalArgumentException("delivery.trust: name at least one bundle-signing public key; a "
                    + "station does not take archives nobody can vouch for");
        }
    }

    DeliverySettings resolvedAgainst(Path dir) {
        return new DeliverySettings(enabled, groups, trust.stream().map(dir::resolve).toList(),
                operatorKeys.stream().map(dir::resolve).toList(), windowBlocks, requestTimeoutS);
    }
}
