package io.intakeedge.sync.protocol;

import java.util.Locale;

/** The leaf of a device topic: what kind of message travels on it. */
public enum Channel {
    /** Batch envelopes of {@code trace} and {@code compacted} items. */
    TRACES("traces"),
    /** Batch envelopes of {@code drift} items (drift statistics windows). */
    DRIFT("drift"),
    /** Batch envelopes of {@code event} items (alerts, bundle lifecycle). */
    EVENTS("events"),
    /** Retained status object: {@code online} birth and {@code offline} Last Will. */
    STATUS("status"),
    /** Receipts from the collector to the agent: which seqs are stored centrally (see {@link Receipt}). */
    RECEIPTS("receipts");

    private final String leaf;

    Channel(String leaf) {
        this.leaf = leaf;
    }

    /** The topic segment, e.g. {@code traces}. */
    public String leaf() {
        return leaf;
    }

    /** The channel whose topic carries items of {@code kind}; see {@link ItemKind}. */
    public static Channel forKind(String kind) {
        return switch (kind) {
            case ItemKind.TRACE, ItemKind.COMPACTED -> TRACES;
            case ItemKind.DRIFT -> DRIFT;
            case ItemKind.EVENT -> EVENTS;
            default -> throw new IllegalArgumentException("unknown item kind '" + kind
                    + "': expected one of trace, compacted, drift, event");
        };
    }

    /** Whether items of {@code kind} may travel on this channel's topic (only batch channels carry items). */
    public boolean carries(String kind) {
        return ItemKind.isKnown(kind) && forKind(kind) == this;
    }

    /** The channel named by a topic leaf such as {@code traces}. */
    public static Channel ofLeaf(String leaf) {
        for (Channel c : values()) {
            if (c.leaf.equals(leaf)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown topic leaf '" + leaf + "': expected traces, drift, events, status or receipts");
    }

    @Override
    public String toString() {
        return leaf.toLowerCase(Locale.ROOT);
    }
}
