package io.intakeedge.agent.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The disk guard with budgets small enough to trip on a normal disk: images give way in order, counted. */
class DiskGuardTest {
    @TempDir
    Path dir;

    @Test
    void overTheImageBudgetCalibrationGoesFirstThenTheOldestEvidenceAndEveryDeletionIsCounted() throws Exception {
        Path calibration = Files.createDirectories(dir.resolve("calibration"));
        Path evidence = Files.createDirectories(dir.resolve("evidence"));
        Path h2 = Files.write(dir.resolve("intake-edge.mv.db"), new byte[3000]);
        Path cal = image(calibration.resolve("2026-12-01/cal.jpg"), 1000, 50);
        Path oldest = image(evidence.resolve("2026-11-30/a.jpg"), 1000, 300);
        Path older = image(evidence.resolve("2026-12-01/b.jpg"), 1000, 200);
        Path newest = image(evidence.resolve("2026-12-01/c.jpg"), 1000, 100);
        Path writing = image(evidence.resolve("2026-12-01/.d.jpg.tmp"), 1000, 400);

        // 4 images of 1000 bytes against a budget of 2000: the calibration frame and the oldest evidence go
        DiskGuard guard = new DiskGuard(dir, h2, List.of(calibration, evidence), new DiskBudget(0, 0, 2000, 2000));
        DiskState state = guard.check();

        assertThat(cal).doesNotExist();
        assertThat(oldest).doesNotExist();
        assertThat(oldest.getParent()).as("an emptied day directory goes too").doesNotExist();
        assertThat(older).exists();
        assertThat(newest).exists();
        assertThat(writing).as("a JPEG still being written is not touched").exists();
        assertThat(state.imagesDeleted()).isEqualTo(2);
        assertThat(state.imageBytesDeleted()).isEqualTo(2000);
        assertThat(state.evidenceBytes()).isEqualTo(2000);
        assertThat(state.level()).isEqualTo(DiskState.OK);
        assertThat(state.h2Bytes()).isEqualTo(3000);
        assertThat(state.problems()).singleElement().asString().contains("H2 database").contains("h2_budget_mb");
        assertThat(guard.failClosedReason()).isEmpty();

        assertThat(guard.check().imagesDeleted()).as("within budget now: nothing more goes").isEqualTo(2);
    }

    @Test
    void underTheFailClosedFloorNewParcelsMustFailClosedAndEveryImageGivesWay() throws Exception {
        Path evidence = Files.createDirectories(dir.resolve("evidence"));
        Path h2 = Files.write(dir.resolve("intake-edge.mv.db"), new byte[10]);
        image(evidence.resolve("2026-12-01/a.jpg"), 1000, 10);
        // a floor no real disk reaches: the guard must treat the disk as full
        long all = Long.MAX_VALUE / 2;
        DiskGuard guard = new DiskGuard(dir, h2, List.of(evidence), new DiskBudget(all, all, all, all));

        assertThat(guard.failClosedReason()).get().asString().contains("disk nearly full")
                .contains("fail-closed floor");
        DiskState state = guard.check();
        assertThat(state.level()).isEqualTo(DiskState.CRITICAL);
        assertThat(state.imagesDeleted()).isEqualTo(1);
        assertThat(state.problems()).singleElement().asString().startsWith("disk critical")
                .contains("manual_intake");
    }

    private static Path image(Path file, int bytes, long ageSeconds) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
        return file;
    }
}
