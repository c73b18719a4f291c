package io.intakeedge.collector;

import java.time.Instant;

/**
 * A message the collector could not store as data.
 *
 * @param id           row id, ascending in arrival order
 * @param topic        the topic it arrived on
 * @param reason       category: {@code malformed}, {@code oversized}, {@code wrong_schema}, {@code undecodable},
 *                     {@code invalid}
 * @param detail       what exactly was wrong
 * @param payloadBytes the full payload size
 * @param payload      the payload's first bytes as received (truncated)
 * @param receivedAt   when it arrived
 */
public record DeadLetter(long id, String topic, String reason, String detail, int payloadBytes, byte[] payload,
                         Instant receivedAt) {
}
