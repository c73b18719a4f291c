package io.intakeedge.agent.bundle.delivery;

import java.util.Map;

/**
 * The downloader's part of {@code /api/status} ({@code bundle_delivery}).
 *
 * @param connected      whether the delivery connection to the broker is up
 * @param state          the last state published (idle, downloading, downloaded, ...)
 * @param blocksAccepted blocks written since start
 * @param blocksRejected rejected blocks per reason: {@code unrequested} (no request of ours asked for it under that
 *                       correlation: a flood or a late answer), {@code duplicate}, {@code bad_hash},
 *                       {@code bad_block} (no or invalid block property), {@code overflow} (queue full)
 * @param jobsIgnored    job documents not acted on per reason: {@code other_device}, {@code invalid},
 *                       {@code unsigned}, {@code bad_signature}, {@code not_newer}
 * @param serverErrors   error answers from the block server per reason ({@code unknown_archive}, {@code busy}, ...)
 */
public record DeliveryStatus(boolean connected, DownloadState state, long blocksAccepted,
                             Map<String, Long> blocksRejected, Map<String, Long> jobsIgnored,
                             Map<String, Long> serverErrors, String lastProblem) {
    public DeliveryStatus {
        blocksRejected = Map.copyOf(blocksRejected);
        jobsIgnored = Map.copyOf(jobsIgnored);
        serverErrors = Map.copyOf(serverErrors);
    }
}
