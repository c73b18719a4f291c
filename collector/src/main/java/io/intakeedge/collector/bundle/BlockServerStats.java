package io.intakeedge.collector.bundle;

import java.util.Map;

/**
 * What the block server did since it started.
 *
 * @param requests   block requests received
 * @param blocksSent blocks published to stations
 * @param refused    refused requests per reason ({@code unknown_archive}, {@code bad_response_topic}, ...)
 */
public record BlockServerStats(long requests, long blocksSent, Map<String, Long> refused) {
    public BlockServerStats {
        refused = Map.copyOf(refused);
    }

    public long refused(String reason) {
        return refused.getOrDefault(reason, 0L);
    }
}
