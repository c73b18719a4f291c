package io.intakeedge.agent.status;

import io.intakeedge.agent.config.StationConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlTokenTest {
    private static final String TOKEN = "s3cret-control-token-0123456789";

    @Test
    void acceptsOnlyTheExactTokenAsBearer() {
        ControlToken t = ControlToken.of(TOKEN).orElseThrow();
        assertThat(t.accepts("Bearer " + TOKEN)).isTrue();
        assertThat(t.accepts("bearer " + TOKEN)).isTrue();
        assertThat(t.accepts("Bearer " + TOKEN + "x")).isFalse();
        assertThat(t.accepts("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(t.accepts("Bearer " + TOKEN.toUpperCase())).isFalse();
        assertThat(t.accepts(TOKEN)).isFalse();
        assertThat(t.accepts("Basic " + TOKEN)).isFalse();
        assertThat(t.accepts("Bearer ")).isFalse();
        assertThat(t.accepts("")).isFalse();
        assertThat(t.accepts(null)).isFalse();
        assertThat(t.toString()).doesNotContain(TOKEN);
    }

    @Test
    void noTokenMeansControlDisabled() {
        assertThat(ControlToken.of(null)).isEmpty();
        assertThat(ControlToken.of("")).isEmpty();
    }

    @Test
    void theConfigRefusesAShortTokenWithoutRepeatingItAndNeverPrintsIt() {
        assertThatThrownBy(() -> new StationConfig.HttpConfig("127.0.0.1", 8080, "short-secret"))
                .hasMessageContaining("http.control_token").hasMessageContaining("16")
                .hasMessageNotContaining("short-secret");
        var http = new StationConfig.HttpConfig("127.0.0.1", 8080, TOKEN);
        assertThat(http.controlToken()).isEqualTo(TOKEN);
        assertThat(http.toString()).contains("(set)").doesNotContain(TOKEN);
        assertThat(new StationConfig.HttpConfig(null, null).toString()).contains("controlToken=none");
    }

    /**
     * A naive {@code equals} returns at the first differing character, so a token that is right for longer takes
     * longer to refuse. Here a guess wrong in the first character and one wrong only in the last take the same time
     * (medians of interleaved batches; the bound is loose because the machine is shared, the naive compare of a
     * 4,000-character token would differ by far more).
     */
    @Test
    void refusalTimeDoesNotDependOnHowMuchOfTheTokenIsRight() {
        String longToken = "a".repeat(4000);
        ControlToken t = ControlToken.of(longToken).orElseThrow();
        String wrongFirst = "Bearer b" + "a".repeat(3999);
        String wrongLast = "Bearer " + "a".repeat(3999) + "b";
        for (int i = 0; i < 2000; i++) { // warm-up: both paths compiled
            t.accepts(wrongFirst);
            t.accepts(wrongLast);
        }
        int batches = 41;
        long[] first = new long[batches];
        long[] last = new long[batches];
        for (int b = 0; b < batches; b++) {
            first[b] = time(t, wrongFirst);
            last[b] = time(t, wrongLast);
        }
        double ratio = (double) median(last) / median(first);
        assertThat(ratio).as("wrong-last / wrong-first refusal time").isBetween(0.5, 2.0);
        assertThat(t.accepts("Bearer " + longToken)).isTrue();
    }

    private static long time(ControlToken t, String header) {
        long start = System.nanoTime();
        boolean any = false;
        for (int i = 0; i < 200; i++) {
            any |= t.accepts(header);
        }
        assertThat(any).isFalse();
        return System.nanoTime() - start;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
