package io.intakeedge.agent.bundle.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retained job document: what it says, what a station refuses to read, and whom a target addresses. */
class JobDocumentTest {
    private final byte[] archive = DownloadTest.random(5000);
    private final BundleJob job = new BundleJob("r-7", "damage", "2.0", 7, DownloadTest.sha(archive), 5000, 1024,
            JobTarget.parse("dock-a/group/line-1"), true);

    @Test
    void aDownloadAndACancelSurviveTheWire() {
        JobDocument doc = JobDocument.download(job, BlockHashes.of(archive, 1024), Instant.parse("2026-12-01T10:00:00Z"));
        String json = new String(doc.toBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"schema\":\"intake.bundle-job/1\"", "\"action\":\"download\"",
                "\"target\":\"dock-a/group/line-1\"", "\"block_size\":1024", "\"canary\":true")
                .doesNotContain("\"cancel\"", "job_target");
        JobDocument back = JobDocument.parse(doc.toBytes());
        assertThat(back.job()).isEqualTo(job);
        assertThat(back.hashes().matches(4, java.util.Arrays.copyOfRange(archive, 4096, 5000), 904)).isTrue();

        JobDocument cancel = JobDocument.parse(JobDocument.cancel("r-7", job.target(), Instant.now()).toBytes());
        assertThat(cancel.isCancel()).isTrue();
        assertThat(cancel.rolloutId()).isEqualTo("r-7");
    }

    @Test
    void brokenDocumentsAreRefusedWithTheReason() {
        String good = new String(JobDocument.download(job, BlockHashes.of(archive, 1024), Instant.now()).toBytes(),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JobDocument.parse(good.replace("\"block_size\":1024", "\"block_size\":2048")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("digests for 3 blocks");
        assertThatThrownBy(() -> JobDocument.parse(good.replace("\"rollout_id\":\"r-7\"", "\"rollout_id\":\"r/7\"")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("rollout");
        assertThatThrownBy(() -> JobDocument.parse((good + "x").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobDocument.parse(good.replace("{", "{\"size\":1,")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> JobDocument.parse(good.replace("download", "install")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("action");
    }

    @Test
    void targetsAddressTheirStationsOnly() {
        assertThat(JobTarget.parse("dock-a/s1").addresses("dock-a", "s1", Set.of())).isTrue();
        assertThat(JobTarget.parse("dock-a/s1").addresses("dock-a", "s2", Set.of())).isFalse();
        assertThat(JobTarget.parse("dock-a/group/g").addresses("dock-a", "s2", Set.of("g"))).isTrue();
        assertThat(JobTarget.parse("dock-a/group/g").addresses("dock-b", "s2", Set.of("g"))).isFalse();
        assertThat(JobTarget.parse("dock-a").addresses("dock-a", "anyone", Set.of())).isTrue();
        assertThatThrownBy(() -> JobTarget.parse("dock-a/crowd/g")).hasMessageContaining("site/group/NAME");
        assertThatThrownBy(() -> JobTarget.parse("dock a")).hasMessageContaining("invalid");
    }
}
