package io.intakeedge.sync.mqtt;

import java.time.Instant;

/**
 * A snapshot of the sync link for the status page.
 *
 * @param broker         broker URI
 * @param connected      an MQTT connection is up
 * @param pending        outbox rows not yet deleted (committed state): with receipts, PUBACKed rows count until the
 *                       collector's receipt names them
 * @param pendingBytes   their payload bytes, against the outbox budget
 * @param compacted      traces ever compacted under disk pressure (counted, synced as summaries)
 * @param sent           items published since start (redeliveries counted again)
 * @param acked          items deleted from the outbox since start: on the broker's PUBACK, or with receipts on
 *                       the collector's receipt
 * @param inFlight       messages awaiting PUBACK
 * @param inflightWindow the window in use (configured, clamped to the broker's receive maximum)
 * @param reconnects     connection attempts after the first that failed or replaced a lost link
 * @param lastError      last error, null if none
 * @param lastErrorAt    when it happened, null if none
 * @param lastAckAt      last PUBACK, null if none yet
 * @param fault          while not connected: why the last attempt failed ({@link SyncFault} names), else null
 * @param downSince      while not connected: since when (the start, if never connected), else null
 */
public record SyncStatus(String broker, boolean connected, long pending, long pendingBytes, long compacted, long sent,
        long acked, int inFlight, int inflightWindow, long reconnects, String lastError, Instant lastErrorAt,
        Instant lastAckAt, String fault, Instant downSince) {
}
