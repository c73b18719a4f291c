package io.intakeedge.capture.source;

import java.util.HexFormat;

/**
 * Width and height of a JPEG or PNG, read from its header without decoding. OpenCV allocates the whole bitmap before
 * it reads a pixel, so a tiny file declaring 20,000×20,000 costs gigabytes of native memory, and one declaring
 * 65,500×65,500 throws on every try; reading the declared size first lets the hot folder refuse both cheaply.
 *
 * @param format {@code "JPEG"} or {@code "PNG"}
 */
record ImageHeader(String format, int width, int height) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Pixels the decoded image would have; a long, since 65,535² does not fit an int. */
    long pixels() {
        return (long) width * height;
    }

    /** Reads the declared size; garbage or a header cut short is an {@link ImageFileDecoder.UnusableImageException}. */
    static ImageHeader read(byte[] b) throws ImageFileDecoder.UnusableImageException {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return jpeg(b);
        }
        if (b.length >= PNG_SIGNATURE.length && java.util.Arrays.equals(b, 0, PNG_SIGNATURE.length, PNG_SIGNATURE,
                0, PNG_SIGNATURE.length)) {
            return png(b);
        }
        String head = HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(8, b.length));
        throw unusable("not a JPEG or PNG file (starts with " + head + ")");
    }

    /** The first chunk of a PNG must be IHDR: length 13, then width and height as unsigned 32-bit big-endian. */
    private static ImageHeader png(byte[] b) throws ImageFileDecoder.UnusableImageException {
        if (b.length < 24) {
            throw unusable("PNG header cut short: " + b.length + " bytes, IHDR needs 24");
        }
        if (u32(b, 8) != 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw unusable("PNG without an IHDR chunk first");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw unusable("PNG declares an impossible size " + width + "x" + height);
        }
        return new ImageHeader("PNG", (int) width, (int) height);
    }

    /** Walks the marker segments up to the first SOFn (C0–CF except DHT C4, JPG C8, DAC CC). */
    private static ImageHeader jpeg(byte[] b) throws ImageFileDecoder.UnusableImageException {
        int i = 2;
        while (true) {
            while (i < b.length && (b[i] & 0xFF) == 0xFF) {
                i++; // fill bytes before a marker
            }
            if (i >= b.length) {
                throw unusable("JPEG header cut short: no frame header (SOF) in " + b.length + " bytes");
            }
            int marker = b[i++] & 0xFF;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // standalone markers carry no length
            }
            if (marker == 0xDA || marker == 0xD9) {
                throw unusable("JPEG without a frame header (SOF) before its image data");
            }
            if (i + 2 > b.length) {
                throw unusable("JPEG header cut short at marker " + hex(marker));
            }
            int length = u16(b, i);
            if (length < 2) {
                throw unusable("JPEG marker " + hex(marker) + " has an invalid length " + length);
            }
            if (isStartOfFrame(marker)) {
                return sof(b, i, length);
            }
            i += length;
        }
    }

    private static ImageHeader sof(byte[] b, int i, int length) throws ImageFileDecoder.UnusableImageException {
        if (length < 8 || i + 7 > b.length) {
            throw unusable("JPEG frame header cut short");
        }
        int height = u16(b, i + 3);
        int width = u16(b, i + 5);
        if (width == 0 || height == 0) {
            // height 0 means "defined later by a DNL marker": legal but never written by cameras; refuse it
            throw unusable("JPEG declares size " + width + "x" + height);
        }
        return new ImageHeader("JPEG", width, height);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static String hex(int marker) {
        return String.format("FF%02X", marker);
    }

    private static ImageFileDecoder.UnusableImageException unusable(String reason) {
        return new ImageFileDecoder.UnusableImageException(reason);
    }
}
