package io.intakeedge.sync.collector;

/**
 * What became of one message.
 *
 * @param outcome    stored as data, stored as a device status, or dead-lettered
 * @param stored     items newly stored
 * @param duplicates items already stored before (collapsed)
 * @param detail     the rejection reason for dead letters, empty otherwise
 */
public record IngestResult(Outcome outcome, int stored, int duplicates, String detail) {

    /** The three ways a message ends up in the collector database. */
    public enum Outcome { BATCH, STATUS, DEAD_LETTER }

    static IngestResult batch(int stored, int duplicates) {
        return new IngestResult(Outcome.BATCH, stored, duplicates, "");
    }

    static IngestResult status() {
        return new IngestResult(Outcome.STATUS, 0, 0, "");
    }

    static IngestResult deadLetter(String detail) {
        return new IngestResult(Outcome.DEAD_LETTER, 0, 0, detail);
    }
}
