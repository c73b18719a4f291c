package io.intakeedge.capture.source;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of what the hot folder does with a file it did not make: the header reader
 * ({@link ImageHeader}) and the decoder ({@link ImageFileDecoder}: header limits, completeness check, OpenCV). The
 * contract: any bytes end in an image or an {@link ImageFileDecoder.UnusableImageException} with a reason — no other
 * exception — and a decoded image never has more pixels than the limit (native memory per decode is bounded, also
 * when the header the limit was checked on is not the one OpenCV decodes). {@code mvn test} replays the corpus in
 * {@code src/test/resources/io/intakeedge/capture/source/ImageFuzzTestInputs/}; fuzzing: docs/security.md.
 */
@Tag("fuzz")
class ImageFuzzTest {
    private static final ImageLimits LIMITS = new ImageLimits(256L * 256, 4);

    static {
        io.intakeedge.capture.OpenCv.load();
    }

    @FuzzTest(maxDuration = "30s")
    void header(byte[] bytes) {
        try {
            ImageHeader header = ImageHeader.read(bytes);
            assertThat(header.width()).isPositive();
            assertThat(header.height()).isPositive();
            assertThat(header.format()).isIn("JPEG", "PNG");
        } catch (ImageFileDecoder.UnusableImageException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("image-fuzz-", ".img");
        try {
            Files.write(file, bytes);
            Mat image = ImageFileDecoder.decode(file, LIMITS);
            try {
                assertThat((long) image.cols() * image.rows()).as("decoded pixels").isPositive()
                        .isLessThanOrEqualTo(LIMITS.maxPixels());
            } finally {
                image.release();
            }
        } catch (ImageFileDecoder.UnusableImageException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
