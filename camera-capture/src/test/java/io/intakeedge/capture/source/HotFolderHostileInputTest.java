package io.intakeedge.capture.source;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.RejectedInput;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.intakeedge.capture.source.HotFolderFiles.encode;
import static io.intakeedge.capture.source.HotFolderFiles.names;
import static io.intakeedge.capture.source.HotFolderFiles.reason;
import static io.intakeedge.capture.source.HotFolderFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10: one hostile file must never wedge the folder; every refused file leaves a reason. */
@Timeout(60)
class HotFolderHostileInputTest {
    private static byte[] jpeg;
    private static byte[] png;
    private static byte[] tinyPng;

    @TempDir
    Path folder;

    @BeforeAll
    static void encodeAParcelPhoto() {
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(5).withMaxParcels(1));
             Frame f = scene.frameAt(scene.middleStillFrame(0))) {
            jpeg = encode(".jpg", f.image());
            png = encode(".png", f.image());
            Mat one = new Mat();
            Imgproc.resize(f.image(), one, new Size(1, 1));
            tinyPng = encode(".png", one);
        }
    }

    @Test
    void headersDeclaringHugeImagesAreRefusedWithAReasonAndLaterGoodFilesAreDecided() throws Exception {
        write(folder, "a_65500.jpg", CraftedImages.jpegDeclaring(jpeg, 65_500, 65_500));
        write(folder, "b_65500.png", CraftedImages.pngDeclaring(png, 65_500, 65_500));
        write(folder, "c_100000.png", CraftedImages.pngDeclaring(png, 100_000, 100_000));
        write(folder, "d_20000.png", CraftedImages.pngDeclaring(png, 20_000, 20_000));
        write(folder, "e_1x1.png", tinyPng);
        write(folder, "z_good.jpg", jpeg);

        List<RejectedInput> rejected = new ArrayList<>();
        List<String> decided = drainAll(new HotFolderSource(folder, "cam-hot",
                HotFolderSource.Settings.draining()), rejected);

        assertThat(decided).containsExactly("z_good.jpg");
        assertThat(names(folder.resolve("done"))).containsExactly("z_good.jpg");
        assertThat(rejected).extracting(r -> Path.of(r.origin()).getFileName().toString())
                .containsExactly("a_65500.jpg", "b_65500.png", "c_100000.png", "d_20000.png", "e_1x1.png");
        assertThat(reason(folder, "a_65500.jpg")).contains("JPEG declares 65500x65500", "above the limit of 16777216",
                "camera.max_pixels");
        assertThat(reason(folder, "b_65500.png")).contains("PNG declares 65500x65500");
        assertThat(reason(folder, "c_100000.png")).contains("100000x100000");
        assertThat(reason(folder, "d_20000.png")).contains("20000x20000 = 400000000 pixels");
        assertThat(reason(folder, "e_1x1.png")).contains("1x1, smaller than the minimum 32x32");
        assertThat(names(folder)).containsExactlyInAnyOrder("done", "failed");
    }

    @Test
    void thePixelLimitIsConfigurable() throws Exception {
        write(folder, "a_640x480.jpg", jpeg);
        List<RejectedInput> rejected = new ArrayList<>();
        HotFolderSource.Settings small = HotFolderSource.Settings.draining()
                .withLimits(new ImageLimits(320 * 240, 32));
        assertThat(drainAll(new HotFolderSource(folder, "cam-hot", small), rejected)).isEmpty();
        assertThat(reason(folder, "a_640x480.jpg")).contains("640x480 = 307200 pixels, above the limit of 76800");
    }

    @Test
    void aFileThatFailsEveryTryIsQuarantinedAfterTheBoundAndTheFolderFlows() throws Exception {
        write(folder, "a_cursed.jpg", jpeg);
        write(folder, "b_good.jpg", jpeg);
        int[] tries = {0};
        // stands in for a native decoder failure (OpenCV threw on every retry in the issue)
        ImageDecoder failing = (file, limits) -> {
            if (file.getFileName().toString().startsWith("a_")) {
                tries[0]++;
                throw new org.opencv.core.CvException("OpenCV(4.13) error: insufficient memory");
            }
            return ImageFileDecoder.decode(file, limits);
        };
        List<RejectedInput> rejected = new ArrayList<>();
        List<String> decided = drainAll(new HotFolderSource(folder, "cam-hot", HotFolderSource.Settings.draining(),
                failing), rejected);
        assertThat(decided).containsExactly("b_good.jpg");
        assertThat(tries[0]).isEqualTo(HotFolderSource.Settings.draining().maxTries()).isEqualTo(3);
        assertThat(rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("failed 3 tries",
                "insufficient memory"));
        assertThat(reason(folder, "a_cursed.jpg")).contains("failed 3 tries", "insufficient memory");
        assertThat(names(folder)).containsExactlyInAnyOrder("done", "failed");
    }

    private static List<String> drainAll(HotFolderSource source, List<RejectedInput> rejected) throws Exception {
        List<String> decided = new ArrayList<>();
        try (source) {
            source.onRejected(rejected::add);
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame f = next.get()) {
                    decided.add(Path.of(f.origin()).getFileName().toString());
                    source.acknowledge(f);
                }
            }
        }
        return decided;
    }




}
