package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Route;
import io.intakeedge.capture.OpenCv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-23T23:59:59.500Z");

    @TempDir
    Path tmp;

    @Test
    void keepsAPriorityPhotoAsAJpegUnderItsDayAndTraceId() throws Exception {
        OpenCv.load();
        EvidenceStore evidence = new EvidenceStore(tmp.resolve("evidence"), 0);
        Trace trace = SampleTraces.priority(T0, 1);
        Mat frame = new Mat(48, 64, CvType.CV_8UC3, new Scalar(30, 120, 200));

        Trace kept = evidence.keep(trace, frame);

        Path file = tmp.resolve("evidence").resolve("2026-11-23").resolve(trace.traceId() + ".jpg");
        assertThat(kept.evidencePath()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(kept.error()).isNull();
        Mat back = Imgcodecs.imread(file.toString());
        assertThat(back.cols()).isEqualTo(64);
        assertThat(back.rows()).isEqualTo(48);
        assertThat(back.get(10, 10)[2]).isCloseTo(200.0, org.assertj.core.data.Offset.offset(4.0));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary files left").containsExactly(file.toAbsolutePath());
        }
    }

    @Test
    void keepsEvidenceForEveryRouteAPersonActsOnIncludingManualIntake() throws Exception {
        EvidenceStore evidence = new EvidenceStore(tmp, 0);
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

        Trace normal = SampleTraces.normal(T0, 3);
        Trace retake = evidence.keep(SampleTraces.blurred(T0, 1), jpeg);
        Trace manual = evidence.keep(SampleTraces.modelError(T0, 2), jpeg);
        Trace routine = evidence.keep(normal, jpeg);

        assertThat(retake.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
        assertThat(Path.of(retake.evidencePath())).hasBinaryContent(jpeg);
        assertThat(manual.route()).isEqualTo(Route.MANUAL_INTAKE);
        assertThat(Path.of(manual.evidencePath())).as("the person doing manual intake sees the photo")
                .hasBinaryContent(jpeg);
        assertThat(routine.route()).isEqualTo(Route.NORMAL_REVIEW);
        assertThat(routine).isSameAs(normal);
        assertThat(evidence.pathFor(normal.traceId(), T0)).doesNotExist();
    }

    @Test
    void anUnwritableEvidenceDirectoryFailsAtStartUp() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new EvidenceStore(file.resolve("evidence")))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("evidence directory")
                .hasMessageContaining("not writable");
    }

    @Test
    void aFailedWriteIsNotedInTheTraceAndTheDecisionIsStillStored() throws Exception {
        Path root = tmp.resolve("evidence");
        EvidenceStore evidence = new EvidenceStore(root, 0);
        Trace trace = SampleTraces.priority(T0, 1);
        // the day directory's name is taken by a file: the write fails the way an unwritable disk does
        Files.writeString(root.resolve("2026-11-23"), "in the way");

        Trace noted = evidence.keep(trace, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0});

        assertThat(noted.evidencePath()).isNull();
        assertThat(noted.error()).startsWith("evidence not kept: cannot write evidence");
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("data"))) {
            TraceStore store = new TraceStore(db);
            store.store(noted);
            assertThat(store.find(trace.traceId())).get().extracting(Trace::error, Trace::route)
                    .containsExactly(noted.error(), Route.PRIORITY_DAMAGE_REVIEW);
        }
    }

    @Test
    void stopsBeforeTheDiskIsFull() throws Exception {
        EvidenceStore evidence = new EvidenceStore(tmp, Long.MAX_VALUE / 2);
        Trace trace = SampleTraces.priority(T0, 1);

        assertThatThrownBy(() -> evidence.write(trace.traceId(), T0, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0}))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("disk nearly full");
        assertThat(evidence.keep(trace, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0}).error())
                .contains("disk nearly full");
        assertThat(evidence.pathFor(trace.traceId(), T0)).doesNotExist();
    }

    @Test
    void refusesBytesThatAreNotAJpeg() throws Exception {
        EvidenceStore evidence = new EvidenceStore(tmp, 0);
        Trace trace = SampleTraces.priority(T0, 1);

        assertThatThrownBy(() -> evidence.write(trace.traceId(), T0, "PNG?".getBytes()))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("not a JPEG");
        OpenCv.load();
        assertThatThrownBy(() -> EvidenceStore.encode(new Mat())).hasMessageContaining("empty frame");
    }
}
