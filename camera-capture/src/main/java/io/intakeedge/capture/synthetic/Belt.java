package io.intakeedge.capture.synthetic;

import io.intakeedge.capture.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.util.SplittableRandom;

/**
 * The empty station: a textured grey conveyor belt (low-frequency shading, grain along the running direction,
 * vignetting) plus a few precomputed sensor-noise patterns. Built once per scene so a frame costs only a copy,
 * the parcel paste, a gain and the noise.
 */
final class Belt implements AutoCloseable {
    private static final int NOISE_PATTERNS = 6;
    private static final double NOISE_SIGMA = 1.8;

    private final Mat background;
    private final Mat[] noiseUp = new Mat[NOISE_PATTERNS];
    private final Mat[] noiseDown = new Mat[NOISE_PATTERNS];

    Belt(long seed, int width, int height) {
        OpenCv.load();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        background = texture(rnd, width, height);
        for (int i = 0; i < NOISE_PATTERNS; i++) {
            noise(rnd, width, height, i);
        }
    }

    Mat background() {
        return background;
    }

    /** Adds sensor noise pattern {@code which} (cycled) to a frame in place, saturating at 0 and 255. */
    void addNoise(Mat frame, long which) {
        int i = (int) Math.floorMod(which, (long) NOISE_PATTERNS);
        Core.add(frame, noiseUp[i], frame);
        Core.subtract(frame, noiseDown[i], frame);
    }

    private static Mat texture(SplittableRandom rnd, int w, int h) {
        double base = rnd.nextDouble(68, 84);
        double[] tint = {rnd.nextDouble(-2, 4), 0, rnd.nextDouble(-3, 2)};
        int gw = 9;
        int gh = 7;
        double[][] grid = new double[gh][gw];
        for (double[] row : grid) {
            for (int x = 0; x < gw; x++) {
                row[x] = rnd.nextDouble(-7, 7);
            }
        }
        double[] rowStreak = new double[h];
        for (int y = 0; y < h; y++) {
            rowStreak[y] = rnd.nextDouble(-2.5, 2.5);
        }
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            double gy = y * (gh - 1) / (double) (h - 1);
            int y0 = Math.min((int) gy, gh - 2);
            double fy = gy - y0;
            for (int x = 0; x < w; x++) {
                double gx = x * (gw - 1) / (double) (w - 1);
                int x0 = Math.min((int) gx, gw - 2);
                double fx = gx - x0;
                double low = grid[y0][x0] * (1 - fx) * (1 - fy) + grid[y0][x0 + 1] * fx * (1 - fy)
                        + grid[y0 + 1][x0] * (1 - fx) * fy + grid[y0 + 1][x0 + 1] * fx * fy;
                double dx = (x - w / 2.0) / w;
                double dy = (y - h / 2.0) / h;
                double vignette = 1.0 - 0.35 * (dx * dx + dy * dy);
                double grain = rnd.nextInt(-6, 7);
                double v = (base + low + rowStreak[y] + grain) * vignette;
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[i + c] = (byte) ParcelRenderer.clamp(v + tint[c]);
                }
            }
        }
        Mat mat = new Mat(h, w, CvType.CV_8UC3);
        mat.put(0, 0, px);
        return mat;
    }

    private void noise(SplittableRandom rnd, int w, int h, int index) {
        byte[] up = new byte[w * h * 3];
        byte[] down = new byte[w * h * 3];
        for (int i = 0; i < up.length; i++) {
            // sum of three uniforms: cheap, bell-shaped, sigma = NOISE_SIGMA
            double n = (rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5) * 2.0 * NOISE_SIGMA;
            int v = (int) Math.round(n);
            if (v > 0) {
                up[i] = (byte) v;
            } else {
                down[i] = (byte) -v;
            }
        }
        noiseUp[index] = new Mat(h, w, CvType.CV_8UC3);
        noiseUp[index].put(0, 0, up);
        noiseDown[index] = new Mat(h, w, CvType.CV_8UC3);
        noiseDown[index].put(0, 0, down);
    }

    @Override
    public void close() {
        background.release();
        for (int i = 0; i < NOISE_PATTERNS; i++) {
            noiseUp[i].release();
            noiseDown[i].release();
        }
    }
}
