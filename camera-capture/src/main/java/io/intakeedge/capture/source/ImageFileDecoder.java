package io.intakeedge.capture.source;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads a JPEG or PNG file into a BGR image, refusing files that would decode to wrong pixels. libjpeg decodes a
 * truncated JPEG into a partly grey image with only a warning, so completeness is checked on the bytes first: a JPEG
 * must end with its EOI marker (FF D9, trailing zero padding allowed), a PNG with its IEND chunk. The declared size
 * is read from the header ({@link ImageHeader}) and checked against {@link ImageLimits} before anything is decoded.
 */
final class ImageFileDecoder {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};

    /** Why a file cannot be used; the message goes into the {@code .reason.txt} next to the quarantined file. */
    static final class UnusableImageException extends Exception {
        UnusableImageException(String reason) {
            super(reason);
        }
    }

    private ImageFileDecoder() {
    }

    /** Refuses sizes outside {@code limits} from the header, before OpenCV allocates the bitmap. */
    static Mat decode(Path file, ImageLimits limits) throws UnusableImageException, IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new UnusableImageException("zero-size file");
        }
        if (size > MAX_BYTES) {
            throw new UnusableImageException("file too large: " + size + " bytes (limit " + MAX_BYTES + ")");
        }
        byte[] bytes = Files.readAllBytes(file);
        checkComplete(bytes);
        String refusal = limits.refusal(ImageHeader.read(bytes));
        if (refusal != null) {
            throw new UnusableImageException(refusal);
        }
        MatOfByte buffer = new MatOfByte(bytes);
        Mat image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
        buffer.release();
        if (image.empty() || image.cols() == 0 || image.rows() == 0) {
            image.release();
            throw new UnusableImageException("undecodable image data (" + size + " bytes)");
        }
        return image;
    }

    private static void checkComplete(byte[] b) throws UnusableImageException {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            int end = b.length;
            while (end > 2 && b[end - 1] == 0) {
                end--;
            }
            if ((b[end - 2] & 0xFF) != 0xFF || (b[end - 1] & 0xFF) != 0xD9) {
                throw new UnusableImageException("truncated JPEG: no end-of-image marker (FF D9) at the end of "
                        + b.length + " bytes");
            }
            return;
        }
        if (startsWith(b, PNG_SIGNATURE)) {
            if (b.length < 20 || !containsNearEnd(b, PNG_IEND, 64)) {
                throw new UnusableImageException("truncated PNG: no IEND chunk at the end of " + b.length + " bytes");
            }
            return;
        }
        String head = HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(8, b.length));
        throw new UnusableImageException("not a JPEG or PNG file (starts with " + head + ")");
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsNearEnd(byte[] b, byte[] needle, int window) {
        for (int start = b.length - needle.length; start >= Math.max(0, b.length - window); start--) {
            boolean match = true;
            for (int i = 0; i < needle.length && match; i++) {
                match = b[start + i] == needle[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
