package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest {
    @Test
    void keepsTheLastEventsCountsTheDroppedAndPagesBySeq() {
        EventLog log = new EventLog(3, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            log.add("camera_stalled", "warning", "event " + i);
        }
        assertThat(log.lastSeq()).isEqualTo(5);
        assertThat(log.dropped()).isEqualTo(2);
        // a reader at seq 1 sees it missed 2 (the first seq it gets is 3, not 2)
        assertThat(log.since(1, 100)).extracting(StationEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(log.since(4, 100)).extracting(StationEvent::message).containsExactly("event 5");
        assertThat(log.since(5, 100)).isEmpty();
        assertThat(log.since(0, 2)).extracting(StationEvent::seq).containsExactly(3L, 4L);
    }

    @Test
    void refusesAnEmptyCapacity() {
        assertThatThrownBy(() -> new EventLog(0, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
