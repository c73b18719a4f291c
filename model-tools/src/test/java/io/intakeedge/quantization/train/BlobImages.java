package io.intakeedge.quantization.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test data: noisy light-grey images, half of them with a dark disc somewhere inside (label 1). Linearly separable
 * in feature space (a dark-spot detector), but not by mean brightness alone because the background level varies.
 */
public final class BlobImages {

    private BlobImages() {
    }

    public static Dataset generate(int count, int size, long seed) {
        Random random = new Random(seed);
        List<float[]> images = new ArrayList<>();
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            boolean blob = n % 2 == 1;
            labels[n] = blob ? 1 : 0;
            images.add(image(size, blob, random));
        }
        return new Dataset(size, size, 3, images, labels);
    }

    private static float[] image(int size, boolean blob, Random random) {
        float background = 0.1f + 0.5f * random.nextFloat();
        float[] img = new float[size * size * 3];
        int radius = Math.max(2, size / 8);
        int cy = radius + random.nextInt(size - 2 * radius);
        int cx = radius + random.nextInt(size - 2 * radius);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inBlob = blob && (y - cy) * (y - cy) + (x - cx) * (x - cx) <= radius * radius;
                for (int c = 0; c < 3; c++) {
                    float v = inBlob ? -0.8f : background;
                    img[(y * size + x) * 3 + c] = v + 0.1f * (float) random.nextGaussian();
                }
            }
        }
        return img;
    }
}
