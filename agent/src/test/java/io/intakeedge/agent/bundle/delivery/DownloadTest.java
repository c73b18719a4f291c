package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.sync.protocol.BlockRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules for an arriving block, the request window and its timeouts, without a broker. */
class DownloadTest {
    private static final int BLOCK = 1024;

    @TempDir
    Path dir;

    private final byte[] archive = random(10 * BLOCK + 100);
    private final BundleJob job = new BundleJob("r1", "b", "1", 1, sha(archive), archive.length, BLOCK,
            JobTarget.site("s"), false);

    private Download download(int window, int perRequest) throws Exception {
        BitSet missing = new BitSet();
        missing.set(0, job.blockCount());
        return new Download(job, new byte[0], BlockHashes.of(archive, BLOCK), missing,
                new PartFile(dir.resolve("x.part")), window, perRequest, TimeUnit.SECONDS.toNanos(5));
    }

    private byte[] block(int i) {
        return Arrays.copyOfRange(archive, i * BLOCK, Math.min(archive.length, (i + 1) * BLOCK));
    }

    @Test
    void asksForTheWindowInChunksAndAcceptsOnlyWhatItAskedFor() throws Exception {
        Download d = download(8, 4);
        List<Download.Outgoing> first = d.nextRequests(0);
        assertThat(first).extracting(o -> o.request().indexes())
                .containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
        assertThat(d.nextRequests(1)).as("window full").isEmpty();
        String c0 = Download.key(first.get(0).correlation());
        String c1 = Download.key(first.get(1).correlation());

        assertThat(d.accept(c0, 0, block(0), 2)).isEqualTo(Download.Verdict.ACCEPTED);
        assertThat(d.accept(c0, 4, block(4), 2)).as("block 4 was asked under the other correlation")
                .isEqualTo(Download.Verdict.UNREQUESTED);
        assertThat(d.accept("feed", 1, block(1), 2)).isEqualTo(Download.Verdict.UNREQUESTED);
        assertThat(d.accept(c0, 1, block(2), 2)).isEqualTo(Download.Verdict.BAD_HASH);
        assertThat(d.accept(c0, 0, block(0), 2)).as("answered already").isEqualTo(Download.Verdict.UNREQUESTED);
        assertThat(d.accept(c1, 4, block(4), 2)).isEqualTo(Download.Verdict.ACCEPTED);
        assertThat(d.blocksMissing()).isEqualTo(job.blockCount() - 2);
        assertThat(d.nextRequests(3)).as("3 slots free: no request until a whole chunk is").isEmpty();

        assertThat(d.accept(c0, 2, block(2), 4)).isEqualTo(Download.Verdict.ACCEPTED);
        assertThat(d.nextRequests(5)).extracting(o -> o.request().indexes())
                .as("block 1 (bad bytes) and the next ones fill the freed chunk")
                .containsExactly(List.of(1, 8, 9, 10));
    }

    @Test
    void theArchivesLastBlocksAreAskedForInASmallerChunk() throws Exception {
        Download d = download(8, 4);
        List<Download.Outgoing> first = d.nextRequests(0);
        String c0 = Download.key(first.get(0).correlation());
        for (int i = 0; i < 4; i++) {
            assertThat(d.accept(c0, i, block(i), 1)).isEqualTo(Download.Verdict.ACCEPTED);
        }
        assertThat(d.nextRequests(2)).extracting(o -> o.request().indexes())
                .as("only 3 blocks are left to ask for").containsExactly(List.of(8, 9, 10));
    }

    @Test
    void aDownloadAsksForNoMoreThanThePacesAllowance() throws Exception {
        Download d = download(8, 4);
        assertThat(d.nextRequests(0, 0)).isEmpty();
        assertThat(d.nextRequests(0, 6)).extracting(o -> o.request().indexes())
                .as("one whole request; the 2 left over wait for the next").containsExactly(List.of(0, 1, 2, 3));
        assertThat(d.nextRequests(1, 4)).extracting(o -> o.request().indexes()).containsExactly(List.of(4, 5, 6, 7));
    }

    @Test
    void silentRequestsExpireAndTheirBlocksAreAskedAgain() throws Exception {
        Download d = download(4, 4);
        Download.Outgoing first = d.nextRequests(0).get(0);
        assertThat(d.nextRequests(TimeUnit.SECONDS.toNanos(4))).isEmpty();
        List<Download.Outgoing> again = d.nextRequests(TimeUnit.SECONDS.toNanos(6));
        assertThat(again).extracting(o -> o.request().indexes()).containsExactly(List.of(0, 1, 2, 3));
        assertThat(d.expects(Download.key(first.correlation()))).isFalse();
        assertThat(d.accept(Download.key(first.correlation()), 0, block(0), 7))
                .isEqualTo(Download.Verdict.UNREQUESTED);
    }

    @Test
    void everyBlockInAnyOrderMakesTheArchiveAndARecheckFindsDamageOnDisk() throws Exception {
        Download d = download(64, 16);
        List<Download.Outgoing> all = d.nextRequests(0);
        for (Download.Outgoing o : all) {
            List<Integer> order = new java.util.ArrayList<>(o.request().indexes());
            java.util.Collections.reverse(order);
            for (int i : order) {
                assertThat(d.accept(Download.key(o.correlation()), i, block(i), 1))
                        .isEqualTo(Download.Verdict.ACCEPTED);
            }
        }
        assertThat(d.complete()).isTrue();
        assertThat(d.file().sha256(archive.length)).isEqualTo(job.sha256());

        d.file().write(3L * BLOCK, new byte[]{1, 2, 3}, 3); // damage on the station's disk
        assertThat(d.file().sha256(archive.length)).isNotEqualTo(job.sha256());
        assertThat(d.recheck()).isEqualTo(1);
        assertThat(d.missing().stream().boxed().toList()).containsExactly(3);
        d.file().close();
        assertThat(Files.size(dir.resolve("x.part"))).isEqualTo(archive.length);
    }

    @Test
    void aRequestNamesRangesAndTheBlockSizeFitsTheBrokersPackets() {
        BlockRequest r = BlockRequest.of(job.sha256(), BLOCK, List.of(0, 1, 2, 5, 7, 8));
        assertThat(r.blocks()).extracting(a -> a[0] + "-" + a[1]).containsExactly("0-2", "5-5", "7-8");
        assertThat(BlockRequest.parse(r.toBytes()).indexes()).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(BlockRequest.blockSizeFor(null)).isEqualTo(127 * 1024);
        assertThat(BlockRequest.blockSizeFor(1L << 30)).isEqualTo(127 * 1024);
        assertThat(BlockRequest.blockSizeFor(64_000L)).isEqualTo(61 * 1024);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static String sha(byte[] bytes) {
        return HexFormat.of().formatHex(BlockHashes.sha256().digest(bytes));
    }
}
