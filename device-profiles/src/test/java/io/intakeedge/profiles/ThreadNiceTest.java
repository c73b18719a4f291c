package io.intakeedge.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class ThreadNiceTest {
    @Test
    void aBackgroundThreadAndTheThreadsItStartsRunBelowTheCaller() throws Exception {
        int caller = ThreadNice.current();
        CompletableFuture<Integer> own = new CompletableFuture<>();
        CompletableFuture<Integer> child = new CompletableFuture<>();
        Thread t = ThreadNice.background("nice-test", () -> {
            own.complete(niceOrMinusOne());
            // an MQTT client's threads are started like this one: they inherit the priority from the kernel
            Thread c = new Thread(() -> child.complete(niceOrMinusOne()), "nice-test-child");
            c.start();
        });
        t.start();

        int expected = Math.min(19, caller + ThreadNice.BACKGROUND_STEP);
        assertThat(own.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(child.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(t.isDaemon()).isTrue();
        assertThat(ThreadNice.current()).as("the caller keeps its priority").isEqualTo(caller);
    }

    @Test
    void readsTheNiceFieldPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (MQTT Rec: a) b) S 1 4242 4242 0 -1 4194368 100 0 0 0 5 3 0 0 30 10 20 0 123 456 78";

        assertThat(ThreadNice.niceOf(stat)).isEqualTo(10);
        assertThat(ThreadNice.niceOf(stat.replace(" 30 10 ", " 20 0 "))).isEqualTo(0);
    }

    private static int niceOrMinusOne() {
        try {
            return ThreadNice.current();
        } catch (Exception e) {
            return -1;
        }
    }
}
