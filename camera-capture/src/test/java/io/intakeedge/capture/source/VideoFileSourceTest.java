package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoFileSourceTest {
    private static final SceneConfig SCENE = SceneConfig.standard(77).withMaxParcels(1);

    @TempDir
    Path dir;

    @Test
    void syntheticSceneRoundTripsThroughAnMjpegAvi() throws Exception {
        Path avi = dir.resolve("scene.avi");
        long written;
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SCENE)) {
            written = MjpegAviWriter.record(scene, avi, 30.0, 20);
        }
        assertThat(written).isEqualTo(20);
        assertThat(Files.size(avi)).isPositive();
        try (SyntheticConveyorSource reference = new SyntheticConveyorSource(SCENE);
             VideoFileSource video = new VideoFileSource(avi, "cam-video")) {
            assertThat(video.fps()).isEqualTo(30.0);
            int read = 0;
            Optional<Frame> next;
            while ((next = video.next()).isPresent()) {
                try (Frame f = next.get(); Frame original = reference.frameAt(read)) {
                    assertThat(f.index()).isEqualTo(read);
                    assertThat(f.cameraId()).isEqualTo("cam-video");
                    assertThat(f.origin()).contains(avi.getFileName().toString()).endsWith("frame=" + read);
                    assertThat(Core.PSNR(f.image(), original.image())).as("frame %d", read).isGreaterThan(30);
                    read++;
                }
            }
            assertThat(read).isEqualTo(20);
        }
    }

    @Test
    void missingVideoNamesThePathAndTheReason() {
        Path missing = dir.resolve("missing.avi");
        assertThatThrownBy(() -> new VideoFileSource(missing, "cam")).isInstanceOf(CaptureException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new VideoFileSource(dir, "cam")).isInstanceOf(CaptureException.class)
                .hasMessageContaining("not a readable regular file");
    }

    @Test
    void garbageVideoIsACaptureExceptionNotACrash() throws Exception {
        Path garbage = dir.resolve("garbage.avi");
        byte[] bytes = new byte[20000];
        new Random(3).nextBytes(bytes);
        Files.write(garbage, bytes);
        assertThatThrownBy(() -> new VideoFileSource(garbage, "cam")).isInstanceOf(CaptureException.class)
                .hasMessageContaining(garbage.toString()).hasMessageContaining("no OpenCV backend can decode it");
    }

    /** A container OpenCV opens whose frames it cannot decode (like XviD without FFmpeg) fails at opening. */
    @Test
    void aVideoWhoseFramesDoNotDecodeIsRefusedAtOpening() throws Exception {
        Path avi = dir.resolve("good.avi");
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SCENE)) {
            MjpegAviWriter.record(scene, avi, 30.0, 5);
        }
        byte[] bytes = Files.readAllBytes(avi);
        int spoiled = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xFF && (bytes[i + 1] & 0xff) == 0xD8) { // JPEG start of image: gone
                bytes[i] = 0;
                bytes[i + 1] = 0;
                spoiled++;
            }
        }
        assertThat(spoiled).isGreaterThanOrEqualTo(5);
        Path undecodable = Files.write(dir.resolve("undecodable.avi"), bytes);
        assertThatThrownBy(() -> new VideoFileSource(undecodable, "cam")).isInstanceOf(CaptureException.class)
                .hasMessageContaining(undecodable.toString()).hasMessageMatching("cannot (open|decode) video .*");
    }

    @Test
    void truncatedVideoEndsEarlyOrIsRefusedButNeverCrashes() throws Exception {
        Path avi = dir.resolve("full.avi");
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SCENE)) {
            MjpegAviWriter.record(scene, avi, 30.0, 20);
        }
        byte[] full = Files.readAllBytes(avi);
        Path truncated = dir.resolve("truncated.avi");
        Files.write(truncated, Arrays.copyOf(full, full.length / 2));
        int read = 0;
        try (VideoFileSource video = new VideoFileSource(truncated, "cam")) {
            Optional<Frame> next;
            while ((next = video.next()).isPresent()) {
                next.get().close();
                read++;
            }
        } catch (CaptureException refused) {
            assertThat(refused.getMessage()).contains(truncated.toString());
        }
        assertThat(read).isLessThan(20);
    }

    @Test
    void writerRefusesFramesOfTheWrongSize() throws Exception {
        try (MjpegAviWriter writer = new MjpegAviWriter(dir.resolve("w.avi"), 64, 48, 10);
             SyntheticConveyorSource scene = new SyntheticConveyorSource(SCENE); Frame f = scene.frameAt(0)) {
            assertThatThrownBy(() -> writer.write(f.image())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64x48").hasMessageContaining("640x480");
        }
        assertThatThrownBy(() -> new MjpegAviWriter(dir.resolve("no/such/dir/x.avi"), 64, 48, 10))
                .isInstanceOf(CaptureException.class).hasMessageContaining("no/such/dir");
    }
}
