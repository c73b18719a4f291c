package io.intakeedge.capture;

import java.time.Instant;

/**
 * Input a source received but could not turn into a frame (an undecodable or truncated photo, an empty file): it
 * never reaches a decision, so the source reports it instead of dropping it silently.
 *
 * @param cameraId the source's camera id
 * @param origin   what was rejected (file path)
 * @param reason   why, in words (decoder message)
 * @param at       when it was rejected
 */
public record RejectedInput(String cameraId, String origin, String reason, Instant at) {
}
