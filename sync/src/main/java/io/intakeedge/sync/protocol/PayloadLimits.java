package io.intakeedge.sync.protocol;

/**
 * The one size rule of the contract, for both sides: a message is at most {@code maxWireBytes} as published and at
 * most {@code maxDecodedBytes} after gzip inflation (so a small gzip bomb cannot exhaust memory).
 *
 * @param maxWireBytes    largest accepted payload as received
 * @param maxDecodedBytes largest accepted JSON document after decompression
 */
public record PayloadLimits(int maxWireBytes, int maxDecodedBytes) {
    /** Default cap on a decoded (decompressed) message: 16 MiB. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024;
    /** The defaults: 16 MiB on the wire and decoded. */
    public static final PayloadLimits DEFAULT = new PayloadLimits(DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_DECODED_BYTES);

    public PayloadLimits {
        if (maxWireBytes < 1 || maxDecodedBytes < 1024) {
            throw new IllegalArgumentException("payload limits must be >= 1 byte on the wire and >= 1024 decoded,"
                    + " got " + maxWireBytes + "/" + maxDecodedBytes);
        }
    }

    /** A wire limit with the default decoded limit (at least the wire limit). */
    public static PayloadLimits wire(int maxWireBytes) {
        return new PayloadLimits(maxWireBytes, Math.max(maxWireBytes, DEFAULT_MAX_DECODED_BYTES));
    }
}
