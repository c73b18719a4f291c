package io.intakeedge.agent.bundle.delivery;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts per reason, written from Paho's thread and the delivery thread. */
final class DeliveryCounters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void add(String reason) {
        counts.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    long get(String reason) {
        AtomicLong v = counts.get(reason);
        return v == null ? 0 : v.get();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
