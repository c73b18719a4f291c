package io.intakeedge.capture.source;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Real encoded images with their declared size rewritten, as a hostile or broken camera would send them. */
final class CraftedImages {
    private CraftedImages() {
    }

    /** {@code png} with IHDR width/height replaced and the chunk CRC recomputed, so decoders trust it. */
    static byte[] pngDeclaring(byte[] png, long width, long height) {
        byte[] b = png.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(16, (int) width);
        buf.putInt(20, (int) height);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // chunk type + 13 data bytes
        buf.putInt(29, (int) crc.getValue());
        return b;
    }

    /** {@code jpeg} with the SOF0 frame header's height/width replaced. */
    static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        int sof = sof0(b);
        b[sof + 5] = (byte) (height >> 8);
        b[sof + 6] = (byte) height;
        b[sof + 7] = (byte) (width >> 8);
        b[sof + 8] = (byte) width;
        return b;
    }

    /** Offset of the FF C0 marker, found by walking segments (a thumbnail in APP1 must not match). */
    static int sof0(byte[] b) {
        int i = 2;
        while (i + 4 < b.length) {
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xC0) {
                return i;
            }
            i += 2 + (((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF));
        }
        throw new IllegalArgumentException("no SOF0 in the JPEG");
    }
}
