package io.intakeedge.agent.status;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@code capacity} station events in memory. A station that runs for months must not grow without bound, so
 * old events fall off the front; {@link #dropped()} says how many did, and a reader asking for events older than
 * the oldest kept one can tell it missed some (the first seq it gets is larger than {@code since + 1}). Thread-safe.
 */
public final class EventLog {
    private final int capacity;
    private final Clock clock;
    private final Deque<StationEvent> events = new ArrayDeque<>();
    private long lastSeq;
    private long dropped;

    public EventLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    public synchronized StationEvent add(String kind, String severity, String message) {
        StationEvent e = new StationEvent(++lastSeq, clock.instant(), kind, severity, message);
        events.addLast(e);
        if (events.size() > capacity) {
            events.removeFirst();
            dropped++;
        }
        return e;
    }

    /** Events with {@code seq > since}, oldest first, at most {@code limit}. */
    public synchronized List<StationEvent> since(long since, int limit) {
        List<StationEvent> out = new ArrayList<>();
        for (StationEvent e : events) {
            if (e.seq() > since && out.size() < limit) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized long dropped() {
        return dropped;
    }
}
