package io.intakeedge.capture.source;

import io.intakeedge.capture.CameraHealth.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame judgements on their own, with hand-made frames and times (no process, no clock). */
class FrameHealthMonitorTest {
    private static final long MS = 1_000_000L;
    private static final LiveCameraSettings SETTINGS = LiveCameraSettings.of(32, 24, 10)
            .withFrozen(5, Duration.ofMillis(400), Duration.ofSeconds(60))
            .withDark(16, Duration.ofMillis(500))
            .withRate(0.3, Duration.ofSeconds(2));
    private final Random random = new Random(7);

    private byte[] noisy(int base) {
        byte[] f = new byte[SETTINGS.frameBytes()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (byte) Math.max(0, Math.min(255, base + random.nextInt(9) - 4));
        }
        return f;
    }

    @Test
    void noisyFramesAtTheConfiguredRateAreOk() {
        var m = new FrameHealthMonitor(SETTINGS);
        FrameHealthMonitor.Judgement j = null;
        for (int i = 0; i < 40; i++) {
            j = m.onFrame(noisy(120), i * 100 * MS);
        }
        assertThat(j.state()).isEqualTo(State.OK);
        assertThat(j.reason()).contains("10.0 fps");
    }

    @Test
    void identicalFramesAreFrozenOnlyAfterBothTheFrameCountAndTheTime() {
        var m = new FrameHealthMonitor(SETTINGS);
        byte[] still = noisy(120);
        // 5 identical frames within 40 ms: enough frames, not enough time
        for (int i = 0; i < 5; i++) {
            assertThat(m.onFrame(still.clone(), i * 10 * MS).state()).isEqualTo(State.OK);
        }
        assertThat(m.lastWasRepeat()).isTrue();
        assertThat(m.onFrame(still.clone(), 450 * MS).state()).isEqualTo(State.FROZEN);
        // one changed byte and the stream is live again
        byte[] changed = still.clone();
        changed[changed.length / 2] ^= 1;
        assertThat(m.onFrame(changed, 500 * MS).state()).isEqualTo(State.OK);
        assertThat(m.lastWasRepeat()).isFalse();
    }

    @Test
    void twoIdenticalFramesOverALongTimeAreNotFrozen() {
        var m = new FrameHealthMonitor(SETTINGS);
        byte[] still = noisy(120);
        m.onFrame(still.clone(), 0);
        assertThat(m.onFrame(still.clone(), 1000 * MS).state()).isEqualTo(State.OK);
    }

    @Test
    void blackFramesAreCoveredAfterTheirTimeEvenWhenIdentical() {
        var m = new FrameHealthMonitor(SETTINGS);
        byte[] black = new byte[SETTINGS.frameBytes()];
        assertThat(m.onFrame(black.clone(), 0).state()).isEqualTo(State.OK);
        assertThat(m.onFrame(black.clone(), 300 * MS).state()).isEqualTo(State.OK);
        var j = m.onFrame(black.clone(), 600 * MS);
        assertThat(j.state()).isEqualTo(State.COVERED_OR_DARK);
        assertThat(j.reason()).contains("black frames for 0.6 s");
        // dark but noisy (a covered lens) is covered too; a lit frame ends it
        assertThat(m.onFrame(noisy(8), 700 * MS).state()).isEqualTo(State.COVERED_OR_DARK);
        assertThat(m.onFrame(noisy(100), 800 * MS).state()).isEqualTo(State.OK);
    }

    @Test
    void rateIsJudgedOnceTheWindowIsFull() {
        var low = new FrameHealthMonitor(SETTINGS);
        FrameHealthMonitor.Judgement j = null;
        for (int i = 0; i < 12; i++) { // 5 fps against 10
            j = low.onFrame(noisy(120), i * 200 * MS);
            if (i * 200 < 2000) {
                assertThat(j.state()).isEqualTo(State.OK);
            }
        }
        assertThat(j.state()).isEqualTo(State.RATE_LOW);
        assertThat(j.reason()).startsWith("5.0 fps");

        var high = new FrameHealthMonitor(SETTINGS);
        for (int i = 0; i < 70; i++) { // 30 fps against 10
            j = high.onFrame(noisy(120), i * 33 * MS);
        }
        assertThat(j.state()).isEqualTo(State.RATE_HIGH);

        var within = new FrameHealthMonitor(SETTINGS);
        for (int i = 0; i < 40; i++) { // 12 fps: within ±30 %
            j = within.onFrame(noisy(120), i * 83 * MS);
        }
        assertThat(j.state()).isEqualTo(State.OK);
    }

    @Test
    void resetForgetsTheRunsOfTheOldProcess() {
        var m = new FrameHealthMonitor(SETTINGS);
        byte[] black = new byte[SETTINGS.frameBytes()];
        m.onFrame(black.clone(), 0);
        m.reset();
        assertThat(m.onFrame(black.clone(), 600 * MS).state()).isEqualTo(State.OK);
    }
}
