package io.intakeedge.capture.source;

import java.time.Duration;

/**
 * What a live camera is asked for and how its health is judged. Sizes and rate come from the device profile unless
 * the station config names them; the health limits from {@code camera.health} in {@code station.yaml}.
 *
 * @param width          frame width the capture process must deliver (it scales to it)
 * @param height         frame height
 * @param fps            the rate the camera should deliver; {@code rate_low}/{@code rate_high} are judged against it
 * @param openTimeout    a started process that sends no frame for this long failed to open
 * @param stallTimeout   no frame for this long while running: {@code stalled}; twice as long: the process is
 *                       restarted ({@code reconnecting})
 * @param frozenFrames   byte-identical consecutive frames needed for {@code frozen} ...
 * @param frozenAfter    ... spanning at least this long
 * @param frozenRestart  frozen this long: the process is restarted (a stuck decoder or camera buffer)
 * @param darkLevel      a frame whose mean byte value (0..255, sampled) is at or below this is black
 * @param darkAfter      black frames for this long: {@code covered_or_dark}
 * @param rateTolerance  measured rate outside {@code fps × (1 ± tolerance)}: {@code rate_low} / {@code rate_high}
 * @param rateWindow     the rate is measured over the frames of this last window (judged once it is full)
 */
public record LiveCameraSettings(int width, int height, double fps, Duration openTimeout, Duration stallTimeout,
                                 int frozenFrames, Duration frozenAfter, Duration frozenRestart, int darkLevel,
                                 Duration darkAfter, double rateTolerance, Duration rateWindow) {

    public LiveCameraSettings {
        if (width < 16 || height < 16 || (long) width * height > 8192L * 8192L) {
            throw new IllegalArgumentException("camera size must be 16x16 to 8192x8192, got " + width + "x" + height);
        }
        if (!(fps > 0 && fps <= 240)) {
            throw new IllegalArgumentException("camera fps must be in (0, 240], got " + fps);
        }
        if (frozenFrames < 2 || darkLevel < 0 || darkLevel > 254 || !(rateTolerance > 0 && rateTolerance < 1)) {
            throw new IllegalArgumentException("camera health: frozen_frames >= 2, dark_level 0..254 and "
                    + "rate_tolerance in (0, 1) expected, got " + frozenFrames + ", " + darkLevel + ", "
                    + rateTolerance);
        }
        for (Duration d : new Duration[] {openTimeout, stallTimeout, frozenAfter, frozenRestart, darkAfter,
                rateWindow}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("camera health: every duration must be > 0, got " + d);
            }
        }
    }

    /** {@code width × height} at {@code fps} with the default health limits. */
    public static LiveCameraSettings of(int width, int height, double fps) {
        return new LiveCameraSettings(width, height, fps, Duration.ofSeconds(10), Duration.ofSeconds(3), 5,
                Duration.ofSeconds(2), Duration.ofSeconds(10), 16, Duration.ofSeconds(3), 0.3, Duration.ofSeconds(5));
    }

    /** Bytes of one raw BGR frame on the pipe. */
    public int frameBytes() {
        return Math.multiplyExact(Math.multiplyExact(width, height), 3);
    }

    public LiveCameraSettings withTimeouts(Duration open, Duration stall) {
        return new LiveCameraSettings(width, height, fps, open, stall, frozenFrames, frozenAfter, frozenRestart,
                darkLevel, darkAfter, rateTolerance, rateWindow);
    }

    public LiveCameraSettings withFrozen(int frames, Duration after, Duration restart) {
        return new LiveCameraSettings(width, height, fps, openTimeout, stallTimeout, frames, after, restart,
                darkLevel, darkAfter, rateTolerance, rateWindow);
    }

    public LiveCameraSettings withDark(int level, Duration after) {
        return new LiveCameraSettings(width, height, fps, openTimeout, stallTimeout, frozenFrames, frozenAfter,
                frozenRestart, level, after, rateTolerance, rateWindow);
    }

    public LiveCameraSettings withRate(double tolerance, Duration window) {
        return new LiveCameraSettings(width, height, fps, openTimeout, stallTimeout, frozenFrames, frozenAfter,
                frozenRestart, darkLevel, darkAfter, tolerance, window);
    }
}
