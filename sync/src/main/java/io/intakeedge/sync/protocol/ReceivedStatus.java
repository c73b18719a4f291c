package io.intakeedge.sync.protocol;

/**
 * A validated status message and its JSON text exactly as received.
 *
 * @param status the parsed message
 * @param json   the received text (stored as it came)
 */
public record ReceivedStatus(StatusMessage status, String json) {
}
