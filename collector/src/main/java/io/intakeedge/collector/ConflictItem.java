package io.intakeedge.collector;

import java.time.Instant;

/**
 * A version of {@code (device, seq)} whose content differs from the one stored first. Both are kept: the first in
 * {@code received_item}, every other version here. Nobody decides automatically which one the station really sent.
 *
 * @param device     device id
 * @param seq        the contested sequence number
 * @param kind       item kind of this version
 * @param payload    payload of this version, as received
 * @param receivedAt when this version arrived
 */
public record ConflictItem(String device, long seq, String kind, String payload, Instant receivedAt) {
}
