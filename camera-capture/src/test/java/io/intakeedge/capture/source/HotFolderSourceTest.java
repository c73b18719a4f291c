package io.intakeedge.capture.source;

import io.intakeedge.capture.CaptureException;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.RejectedInput;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.intakeedge.capture.source.HotFolderFiles.encode;
import static io.intakeedge.capture.source.HotFolderFiles.names;
import static io.intakeedge.capture.source.HotFolderFiles.reason;
import static io.intakeedge.capture.source.HotFolderFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotFolderSourceTest {
    private static Mat photo;
    private static byte[] jpeg;
    private static byte[] png;

    @TempDir
    Path folder;

    @BeforeAll
    static void encodeAParcelPhoto() {
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(5).withMaxParcels(1));
             Frame f = scene.frameAt(scene.middleStillFrame(0))) {
            photo = f.image().clone();
        }
        jpeg = encode(".jpg", photo);
        png = encode(".png", photo);
    }

    @Test
    void goodFilesDecodeAndBadOnesAreQuarantinedWithReasonsNothingLost() throws Exception {
        write(folder, "a_good.jpg", jpeg);
        write(folder, "b_good.png", png);
        write(folder, "c_empty.jpg", new byte[0]);
        write(folder, "d_garbage.jpg", randomBytes(5000));
        write(folder, "e_truncated.jpg", Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        write(folder, "f_truncated.png", Arrays.copyOf(png, png.length / 2));
        write(folder, "notes.txt", "not an image".getBytes());

        List<String> delivered = new ArrayList<>();
        List<RejectedInput> rejected = new ArrayList<>();
        try (HotFolderSource source = drain()) {
            source.onRejected(rejected::add);
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame f = next.get()) {
                    delivered.add(Path.of(f.origin()).getFileName().toString());
                    assertThat(f.width()).isEqualTo(640);
                    assertThat(f.height()).isEqualTo(480);
                    assertThat(Core.PSNR(f.image(), photo)).isGreaterThan(30);
                    source.acknowledge(f);
                }
            }
        }
        assertThat(delivered).containsExactly("a_good.jpg", "b_good.png");
        // every quarantined file is also reported, so the agent can count and record it
        assertThat(rejected).extracting(r -> Path.of(r.origin()).getFileName().toString())
                .containsExactly("c_empty.jpg", "d_garbage.jpg", "e_truncated.jpg", "f_truncated.png");
        assertThat(rejected).allSatisfy(r -> assertThat(r.cameraId()).isEqualTo("cam-hot"));
        assertThat(rejected.get(0).reason()).contains("zero-size");
        assertThat(names(folder.resolve("done"))).containsExactlyInAnyOrder("a_good.jpg", "b_good.png");
        assertThat(names(folder.resolve("failed"))).containsExactlyInAnyOrder("c_empty.jpg", "c_empty.jpg.reason.txt",
                "d_garbage.jpg", "d_garbage.jpg.reason.txt", "e_truncated.jpg", "e_truncated.jpg.reason.txt",
                "f_truncated.png", "f_truncated.png.reason.txt");
        assertThat(reason(folder, "c_empty.jpg")).contains("zero-size");
        assertThat(reason(folder, "d_garbage.jpg")).contains("not a JPEG or PNG");
        assertThat(reason(folder, "e_truncated.jpg")).contains("truncated JPEG");
        assertThat(reason(folder, "f_truncated.png")).contains("truncated PNG");
        assertThat(names(folder)).containsExactlyInAnyOrder("done", "failed", "notes.txt");
        // quarantined bytes are kept as they were
        assertThat(Files.readAllBytes(folder.resolve("failed/e_truncated.jpg"))).hasSize(jpeg.length * 6 / 10);
    }

    /** Why the byte-level check exists: OpenCV's imread decodes a truncated JPEG into a partly grey image. */
    @Test
    void openCvAloneWouldAcceptTheTruncatedJpeg() throws IOException {
        Path truncated = folder.resolve("t.jpg");
        Files.write(truncated, Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        Mat decoded = Imgcodecs.imread(truncated.toString());
        assertThat(decoded.empty()).isFalse();
        assertThat(Core.PSNR(decoded, photo)).isLessThan(25);
    }

    @Test
    void unacknowledgedFilesStayAndComeBackAfterARestartRejectedOnesGoToFailed() throws Exception {
        write(folder, "p1.jpg", jpeg);
        write(folder, "p2.jpg", jpeg);
        List<RejectedInput> rejected = new ArrayList<>();
        try (HotFolderSource source = drain()) {
            source.onRejected(rejected::add);
            Frame first = source.next().orElseThrow();
            Frame second = source.next().orElseThrow();
            assertThat(source.next()).isEmpty(); // in flight: not delivered twice
            source.reject(second, "model input shape mismatch");
            first.close();
            second.close();
        }
        assertThat(reason(folder, "p2.jpg")).contains("model input shape mismatch");
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.origin()).endsWith("p2.jpg");
            assertThat(r.reason()).isEqualTo("model input shape mismatch");
        });
        assertThat(Files.exists(folder.resolve("p1.jpg"))).isTrue();
        try (HotFolderSource restarted = drain()) {
            try (Frame again = restarted.next().orElseThrow()) {
                assertThat(again.origin()).endsWith("p1.jpg");
                restarted.acknowledge(again);
            }
        }
        assertThat(names(folder.resolve("done"))).containsExactly("p1.jpg");
    }

    @Test
    void sameNameProcessedTwiceKeepsBothFiles() throws Exception {
        for (int round = 0; round < 2; round++) {
            write(folder, "same.jpg", jpeg);
            try (HotFolderSource source = drain(); Frame f = source.next().orElseThrow()) {
                source.acknowledge(f);
            }
        }
        assertThat(names(folder.resolve("done"))).containsExactlyInAnyOrder("same.jpg", "same-1.jpg");
    }

    @Test
    void aWatchingSourcePicksUpFilesThatAppearLaterAndEndsAfterItsIdleTimeout() throws Exception {
        HotFolderSource.Settings watch = HotFolderSource.Settings.watching(Duration.ofSeconds(20))
                .withMinFileAge(Duration.ofMillis(50));
        try (HotFolderSource source = new HotFolderSource(folder, "cam-hot", watch)) {
            CompletableFuture<Void> dropLater = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    Files.write(folder.resolve("late.jpg.part"), jpeg);
                    Files.move(folder.resolve("late.jpg.part"), folder.resolve("late.jpg"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Frame late = source.next().orElseThrow()) {
                assertThat(late.origin()).endsWith("late.jpg");
                assertThat(late.cameraId()).isEqualTo("cam-hot");
                source.acknowledge(late);
            }
            dropLater.get(5, TimeUnit.SECONDS);
        }
        HotFolderSource.Settings shortWatch = HotFolderSource.Settings.watching(Duration.ofMillis(300));
        try (HotFolderSource source = new HotFolderSource(folder, "cam-hot", shortWatch)) {
            Instant start = Instant.now();
            assertThat(source.next()).isEmpty();
            assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aSourceWaitingForFilesWithoutEndReturnsAtOnceWhenInterrupted() throws Exception {
        // a 60 s poll interval: returning within 20 s can only mean the interrupt woke the wait (robust on a slow CI)
        HotFolderSource.Settings forever = new HotFolderSource.Settings(false, Duration.ofSeconds(60), null,
                Duration.ofMillis(200));
        try (HotFolderSource source = new HotFolderSource(folder, "cam-hot", forever)) {
            CompletableFuture<Optional<Frame>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return source.next();
                } catch (CaptureException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_000);
            assertThat(waiting).as("still waiting for files after 1 s").isNotDone();
            Instant interrupted = Instant.now();
            source.interrupt();
            assertThat(waiting.get(30, TimeUnit.SECONDS)).isEmpty();
            // woken, not left to finish its poll interval
            assertThat(Duration.between(interrupted, Instant.now())).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aMissingFolderIsAClearError() {
        Path missing = folder.resolve("nope");
        assertThatThrownBy(() -> new HotFolderSource(missing, "cam", HotFolderSource.Settings.draining()))
                .isInstanceOf(CaptureException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    private HotFolderSource drain() throws CaptureException {
        return new HotFolderSource(folder, "cam-hot", HotFolderSource.Settings.draining());
    }




    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }

}
