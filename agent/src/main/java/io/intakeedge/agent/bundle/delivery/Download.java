package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.sync.protocol.BlockRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One archive being fetched: which blocks are missing, which were asked for under which correlation id, and the rule
 * for a block that arrives. A block is written only when it was asked for under that correlation, is still
 * missing, and hashes to the digest the job pins; anything else is rejected with a {@link Verdict} the caller counts.
 * Requests that bring nothing for {@code timeoutNanos} expire, and their blocks are asked for again. Used by one
 * thread.
 */
final class Download {
    /** What became of an arriving block. */
    enum Verdict {
        ACCEPTED("accepted"), UNREQUESTED("unrequested"), DUPLICATE("duplicate"), BAD_HASH("bad_hash");

        final String code;

        Verdict(String code) {
            this.code = code;
        }
    }

    /** A request to publish: its correlation id and what it asks for. */
    record Outgoing(byte[] correlation, BlockRequest request) {
    }

    private static final class Pending {
        final Set<Integer> blocks;
        long lastActivity;

        Pending(Set<Integer> blocks, long now) {
            this.blocks = blocks;
            this.lastActivity = now;
        }
    }

    private final BundleJob job;
    private final byte[] jobDocument;
    private final BlockHashes hashes;
    private final BitSet missing;
    private final PartFile file;
    private final int window;
    private final int perRequest;
    private final long timeoutNanos;
    private final Map<String, Pending> pending = new HashMap<>();
    private final BitSet asked = new BitSet();
    private int unsaved;

    Download(BundleJob job, byte[] jobDocument, BlockHashes hashes, BitSet missing, PartFile file, int window,
             int perRequest, long timeoutNanos) {
        this.job = job;
        this.jobDocument = jobDocument;
        this.hashes = hashes;
        this.missing = missing;
        this.file = file;
        this.window = window;
        this.perRequest = perRequest;
        this.timeoutNanos = timeoutNanos;
    }

    BundleJob job() {
        return job;
    }

    byte[] jobDocument() {
        return jobDocument;
    }

    PartFile file() {
        return file;
    }

    /** A copy of the missing set, for saving. */
    BitSet missing() {
        return (BitSet) missing.clone();
    }

    int blocksMissing() {
        return missing.cardinality();
    }

    boolean complete() {
        return missing.isEmpty();
    }

    /** Blocks accepted since the last {@link #saved()}. */
    int unsaved() {
        return unsaved;
    }

    void saved() {
        unsaved = 0;
    }

    /** Whether blocks answering {@code correlation} are expected: the cheap check before a block is queued. */
    boolean expects(String correlation) {
        return pending.containsKey(correlation);
    }

    /** Correlation ids of requests still expecting blocks. */
    Set<String> pendingKeys() {
        return Set.copyOf(pending.keySet());
    }

    /**
     * Expires silent requests, then asks for missing blocks nobody is fetching, up to the window, in whole chunks of
     * {@code perRequest} (a smaller one only for the archive's last blocks). Asking for each freed slot at once would
     * publish a request per arriving block: their acknowledgements queue behind the window's blocks, so the client's
     * in-flight limit (the broker's receive maximum) is reached and the connection dropped, and the station spends
     * CPU on many tiny requests while it decides.
     */
    List<Outgoing> nextRequests(long now) {
        return nextRequests(now, Integer.MAX_VALUE);
    }

    /** As {@link #nextRequests(long)}, asking for at most {@code allowance} blocks (the pace's). */
    List<Outgoing> nextRequests(long now, int allowance) {
        pending.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().lastActivity > timeoutNanos;
            if (stale) {
                e.getValue().blocks.forEach(asked::clear);
            }
            return stale;
        });
        List<Outgoing> out = new ArrayList<>();
        int room = Math.min(window - asked.cardinality(), allowance);
        int next = missing.nextSetBit(0);
        int chunkSize = Math.min(perRequest, window);
        while (next >= 0 && room >= Math.min(chunkSize, unasked())) {
            List<Integer> chunk = new ArrayList<>();
            for (; next >= 0 && chunk.size() < perRequest && room > 0; next = missing.nextSetBit(next + 1)) {
                if (!asked.get(next)) {
                    chunk.add(next);
                    room--;
                }
            }
            if (chunk.isEmpty()) {
                break;
            }
            byte[] correlation = new byte[16];
            ThreadLocalRandom.current().nextBytes(correlation);
            pending.put(key(correlation), new Pending(new LinkedHashSet<>(chunk), now));
            chunk.forEach(asked::set);
            out.add(new Outgoing(correlation, BlockRequest.of(job.sha256(), job.blockSize(), chunk)));
        }
        return out;
    }

    private int unasked() {
        BitSet rest = (BitSet) missing.clone();
        rest.andNot(asked);
        return rest.cardinality();
    }

    /** Judges and, when accepted, writes a block. */
    Verdict accept(String correlation, int index, byte[] bytes, long now) throws IOException {
        Pending p = pending.get(correlation);
        if (p == null || !p.blocks.contains(index)) {
            return Verdict.UNREQUESTED;
        }
        p.lastActivity = now;
        p.blocks.remove(index);
        asked.clear(index);
        if (p.blocks.isEmpty()) {
            pending.remove(correlation);
        }
        if (!missing.get(index)) {
            return Verdict.DUPLICATE;
        }
        if (bytes.length != job.blockLength(index) || !hashes.matches(index, bytes, bytes.length)) {
            return Verdict.BAD_HASH; // still missing: the next round asks for it again
        }
        file.write((long) index * job.blockSize(), bytes, bytes.length);
        missing.clear(index);
        unsaved++;
        return Verdict.ACCEPTED;
    }

    /** Every pending request ends (an error answer, a cancel); their blocks may be asked for again. */
    void forgetRequests() {
        pending.clear();
        asked.clear();
    }

    /**
     * After the whole-file hash failed: re-reads each block from disk against its pinned digest and marks the ones
     * that differ missing again. Returns how many.
     */
    int recheck() throws IOException {
        int bad = 0;
        for (int i = 0; i < job.blockCount(); i++) {
            byte[] bytes = file.read((long) i * job.blockSize(), job.blockLength(i));
            if (!hashes.matches(i, bytes, bytes.length)) {
                missing.set(i);
                bad++;
            }
        }
        return bad;
    }

    static String key(byte[] correlation) {
        return HexFormat.of().formatHex(correlation);
    }
}
