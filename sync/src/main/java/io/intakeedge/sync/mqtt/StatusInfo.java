package io.intakeedge.sync.mqtt;

import java.util.Objects;

/**
 * What the retained status message says about the agent besides online/offline.
 *
 * @param agentVersion  agent build version
 * @param deviceProfile device profile id
 * @param activeBundle  active model bundle id, null when none is active
 */
public record StatusInfo(String agentVersion, String deviceProfile, String activeBundle) {
    public StatusInfo {
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(deviceProfile, "deviceProfile");
    }
}
