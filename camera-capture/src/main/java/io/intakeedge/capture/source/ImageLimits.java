package io.intakeedge.capture.source;

/**
 * Sizes a hot-folder image may declare in its header. The pixel limit bounds the native memory of one decode
 * ({@code maxPixels × 3} bytes of BGR); the minimum side refuses thumbnails and 1×1 placeholders nobody can judge.
 *
 * @param maxPixels largest width × height accepted (default 4096×4096, above every profile camera)
 * @param minSide   smallest width and height accepted (default 32)
 */
public record ImageLimits(long maxPixels, int minSide) {
    public static final ImageLimits DEFAULT = new ImageLimits(4096L * 4096, 32);

    public ImageLimits {
        if (maxPixels < 1 || minSide < 1 || (long) minSide * minSide > maxPixels) {
            throw new IllegalArgumentException("invalid image limits: max_pixels " + maxPixels + ", min side "
                    + minSide);
        }
    }

    /** Null when {@code header} is acceptable, else why not (goes into the reason file). */
    String refusal(ImageHeader header) {
        if (header.pixels() > maxPixels) {
            return header.format() + " declares " + header.width() + "x" + header.height() + " = " + header.pixels()
                    + " pixels, above the limit of " + maxPixels + " (camera.max_pixels); not decoded";
        }
        if (header.width() < minSide || header.height() < minSide) {
            return header.format() + " is " + header.width() + "x" + header.height() + ", smaller than the minimum "
                    + minSide + "x" + minSide + " pixels";
        }
        return null;
    }
}
