package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A station's request for blocks of one archive (MQTT 5 request/response, docs/mqtt.md "Block requests"): published
 * on its own {@code block-request} topic with its own {@code blocks} topic as response topic and correlation data
 * that the block server echoes on every block it sends back.
 *
 * @param sha256    the archive, by its whole-file sha256 (lowercase hex)
 * @param blockSize block size of the job (the server cuts the archive by it)
 * @param blocks    inclusive {@code [first, last]} block index ranges, ascending and disjoint
 */
public record BlockRequest(@JsonProperty("schema") String schema, @JsonProperty("sha256") String sha256,
                           @JsonProperty("block_size") int blockSize, @JsonProperty("blocks") List<long[]> blocks) {
    public static final String SCHEMA = "intake.block-request/1";
    /** Content type of a block answer: the raw bytes of one block. */
    public static final String BLOCK_CONTENT_TYPE = "application/octet-stream";
    /** User property on a block answer: the block's index. */
    public static final String PROP_BLOCK = "block";
    /** User property on a block answer (and an error answer): the archive's sha256. */
    public static final String PROP_SHA256 = "sha256";
    /** User property on an error answer: why nothing (more) is sent, e.g. {@code unknown_archive}. */
    public static final String PROP_ERROR = "error";
    /** The smallest block size either side accepts. */
    public static final int MIN_BLOCK_SIZE = 1024;
    /** Most blocks one request may name; a larger request is refused as a whole. */
    public static final int MAX_BLOCKS = 256;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @JsonCreator
    public BlockRequest {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got " + schema);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
        if (blockSize < MIN_BLOCK_SIZE) {
            throw new IllegalArgumentException("block_size must be >= " + MIN_BLOCK_SIZE + ", got " + blockSize);
        }
        blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
        long previous = -1;
        long count = 0;
        for (long[] r : blocks) {
            if (r == null || r.length != 2 || r[0] < 0 || r[1] < r[0] || r[0] <= previous) {
                throw new IllegalArgumentException("blocks must be ascending, disjoint [first, last] pairs of "
                        + "non-negative indexes");
            }
            count += r[1] - r[0] + 1;
            previous = r[1];
        }
        if (count < 1 || count > MAX_BLOCKS) {
            throw new IllegalArgumentException("a request names 1.." + MAX_BLOCKS + " blocks, this one " + count);
        }
    }

    /** A request for exactly {@code indexes} (ascending, distinct). */
    public static BlockRequest of(String sha256, int blockSize, List<Integer> indexes) {
        List<long[]> ranges = new ArrayList<>();
        for (int i : indexes) {
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] + 1 == i) {
                last[1] = i;
            } else {
                ranges.add(new long[]{i, i});
            }
        }
        return new BlockRequest(SCHEMA, sha256, blockSize, ranges);
    }

    /** Every block index named, ascending. */
    public List<Integer> indexes() {
        List<Integer> out = new ArrayList<>();
        for (long[] r : blocks) {
            for (long i = r[0]; i <= r[1]; i++) {
                out.add(Math.toIntExact(i));
            }
        }
        return out;
    }

    public byte[] toBytes() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a block request always serialises", e);
        }
    }

    /** Parses a request; throws {@link ProtocolException} naming what is wrong. */
    public static BlockRequest parse(byte[] payload) {
        if (payload.length > 64 * 1024) {
            throw new ProtocolException(ProtocolException.Reason.OVERSIZED, "a block request is at most 64 KiB, "
                    + "this one " + payload.length + " bytes");
        }
        try {
            return Json.strict().readValue(payload, BlockRequest.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ProtocolException(ProtocolException.Reason.INVALID, "not a valid " + SCHEMA + " request: "
                    + String.valueOf(root.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The block size for a broker's announced Maximum Packet Size ({@code null}: none announced, use AWS IoT Core's
     * 128 KiB): what is left after 1 KiB for the fixed header, topic and properties, in whole KiB.
     */
    public static int blockSizeFor(Long brokerMaxPacketSize) {
        long max = brokerMaxPacketSize == null ? 128 * 1024 : Math.min(brokerMaxPacketSize, 128 * 1024);
        long block = (max - 1024) / 1024 * 1024;
        if (block < MIN_BLOCK_SIZE) {
            throw new IllegalArgumentException("the broker's maximum packet size " + brokerMaxPacketSize
                    + " leaves no room for a " + MIN_BLOCK_SIZE + "-byte block");
        }
        return (int) block;
    }
}
