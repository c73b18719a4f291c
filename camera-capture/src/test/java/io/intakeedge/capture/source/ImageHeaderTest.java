package io.intakeedge.capture.source;

import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageHeaderTest {
    static {
        io.intakeedge.capture.OpenCv.load();
    }

    @Test
    void readsTheSizeOfRealJpegsAndPngsOfOddSizes() throws Exception {
        for (int[] size : new int[][]{{1, 1}, {37, 5}, {640, 480}, {1001, 77}}) {
            for (String ext : new String[]{".jpg", ".png"}) {
                ImageHeader h = ImageHeader.read(encode(size[0], size[1], ext));
                assertThat(h.width()).as(ext + " " + Arrays.toString(size)).isEqualTo(size[0]);
                assertThat(h.height()).isEqualTo(size[1]);
                assertThat(h.format()).isEqualTo(ext.equals(".jpg") ? "JPEG" : "PNG");
            }
        }
    }

    @Test
    void readsDeclaredSizesFarBeyondWhatWouldDecode() throws Exception {
        byte[] png = encode(64, 48, ".png");
        ImageHeader p = ImageHeader.read(CraftedImages.pngDeclaring(png, 100_000, 100_000));
        assertThat(p.pixels()).isEqualTo(10_000_000_000L);
        ImageHeader j = ImageHeader.read(CraftedImages.jpegDeclaring(encode(64, 48, ".jpg"), 65_500, 65_500));
        assertThat(j.pixels()).isEqualTo(65_500L * 65_500);
    }

    @Test
    void findsTheFrameHeaderOfAProgressiveJpegAfterExtraSegments() throws Exception {
        MatOfByte buf = new MatOfByte();
        Imgcodecs.imencode(".jpg", image(123, 45), buf,
                new org.opencv.core.MatOfInt(Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1));
        ImageHeader h = ImageHeader.read(buf.toArray());
        assertThat(h.width()).isEqualTo(123);
        assertThat(h.height()).isEqualTo(45);
    }

    @Test
    void everyTruncationOfTheHeaderIsAClearRefusalNeverAnotherException() {
        for (String ext : new String[]{".jpg", ".png"}) {
            byte[] whole = encode(64, 48, ext);
            int headerEnd = ext.equals(".png") ? 24 : CraftedImages.sof0(whole) + 9;
            for (int n = 0; n < headerEnd; n++) {
                byte[] cut = Arrays.copyOf(whole, n);
                assertThatThrownBy(() -> ImageHeader.read(cut)).as(ext + " cut at " + n)
                        .isInstanceOf(ImageFileDecoder.UnusableImageException.class).hasMessageNotContaining("null");
            }
        }
    }

    @Test
    void garbageAndMutatedHeadersNeverThrowAnythingButARefusal() {
        Random random = new Random(42);
        byte[] jpeg = encode(64, 48, ".jpg");
        byte[] png = encode(64, 48, ".png");
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = switch (i % 3) {
                case 0 -> randomBytes(random, random.nextInt(64));
                case 1 -> mutate(jpeg, random);
                default -> mutate(png, random);
            };
            try {
                ImageHeader h = ImageHeader.read(b);
                assertThat(h.width()).isPositive();
                assertThat(h.height()).isPositive();
            } catch (ImageFileDecoder.UnusableImageException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(6_000); // at least all the random ones
    }

    @Test
    void aPngWhoseFirstChunkIsNotIhdrIsRefused() {
        byte[] png = encode(8, 8, ".png");
        png[12] = 'X';
        assertThatThrownBy(() -> ImageHeader.read(png)).hasMessageContaining("IHDR");
    }

    @Test
    void aJpegWithoutFrameHeaderBeforeItsScanIsRefused() {
        byte[] b = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 2, 3, 4, 5, 6};
        assertThatThrownBy(() -> ImageHeader.read(b)).hasMessageContaining("SOF");
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = Arrays.copyOf(original, Math.min(original.length, 1 + random.nextInt(700)));
        for (int k = random.nextInt(6); k >= 0; k--) {
            b[random.nextInt(Math.min(b.length, 40))] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Mat image(int w, int h) {
        return new Mat(h, w, CvType.CV_8UC3, new Scalar(30, 120, 200));
    }

    private static byte[] encode(int w, int h, String ext) {
        MatOfByte buf = new MatOfByte();
        assertThat(Imgcodecs.imencode(ext, image(w, h), buf)).isTrue();
        return buf.toArray();
    }
}
