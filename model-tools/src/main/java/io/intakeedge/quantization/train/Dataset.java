package io.intakeedge.quantization.train;

import java.util.List;

/**
 * Labelled images for training or validation. Images are NHWC float, normalized as {@code (pixel - 128) / 128}
 * (see {@link #normalize(byte[])}), all of the same size.
 *
 * @param height   image height
 * @param width    image width
 * @param channels channels per pixel
 * @param images   one float array of {@code height * width * channels} values per sample
 * @param labels   class index per sample
 */
public record Dataset(int height, int width, int channels, List<float[]> images, int[] labels) {

    public Dataset {
        images = List.copyOf(images);
        labels = labels.clone();
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        int size = height * width * channels;
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != size) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length
                        + " values, expected " + height + "x" + width + "x" + channels + " = " + size);
            }
        }
    }

    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    int label(int i) {
        return labels[i];
    }

    /** Normalizes interleaved 8-bit pixels (e.g. RGB) to the trainer's input range: (pixel - 128) / 128. */
    public static float[] normalize(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = ((pixels[i] & 0xFF) - 128f) / 128f;
        }
        return out;
    }
}
