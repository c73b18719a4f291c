package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxGroup;
import io.intakeedge.sync.outbox.Priority;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptLedgerTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void oneCoalescedReceiptForgetsEveryBatchItCoversAndNoOther() {
        ReceiptLedger ledger = new ReceiptLedger();
        ledger.pubacked(batch(new long[] {1, 100}, new long[] {101, 200}));
        ledger.pubacked(batch(new long[] {201, 300}));
        ledger.pubacked(batch(new long[] {301, 400}));
        ledger.pubacked(batch(new long[] {401, 500}));

        // one collector transaction stored 1..300 and 401..450 (the last batch only in part)
        ledger.receipted(new Receipt(Receipt.SCHEMA, "s", "d", new long[][] {{1, 300}, {401, 450}}, AT));

        assertThat(ledger.size()).isEqualTo(2);
        ledger.receipted(Receipt.of("s", "d", range(301, 400), AT)); // one message's receipt, as older collectors
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.oldestOverdue(Duration.ZERO)).map(OutboxBatch::firstSeq).contains(401L);
    }

    @Test
    void aBatchWhoseGroupsFallBetweenTheRangesStaysAwaited() {
        ReceiptLedger ledger = new ReceiptLedger();
        ledger.pubacked(batch(new long[] {10, 19}, new long[] {30, 39})); // seqs 20..29 went to another channel
        ledger.receipted(new Receipt(Receipt.SCHEMA, "s", "d", new long[][] {{10, 19}, {30, 35}}, AT));
        assertThat(ledger.size()).isEqualTo(1);
        ledger.receipted(new Receipt(Receipt.SCHEMA, "s", "d", new long[][] {{5, 19}, {30, 39}}, AT));
        assertThat(ledger.size()).isZero();
    }

    @Test
    void theLedgerKeepsSeqsNotItems() {
        ReceiptLedger ledger = new ReceiptLedger();
        ledger.pubacked(batch(new long[] {1, 5}));
        OutboxBatch kept = ledger.oldestOverdue(Duration.ZERO).orElseThrow();
        assertThat(kept.groups()).allSatisfy(g -> assertThat(g.itemsJson()).isEmpty());
        assertThat(kept.lastSeq()).isEqualTo(5);
        assertThat(kept.payloadBytes()).isEqualTo(5);
    }

    private static OutboxBatch batch(long[]... groups) {
        List<OutboxGroup> list = java.util.Arrays.stream(groups).map(g -> new OutboxGroup(g[0], g[1],
                new byte[(int) (g[1] - g[0] + 1)])).toList();
        return new OutboxBatch(Priority.TRACE, Channel.TRACES, list, list.stream().mapToLong(OutboxGroup::bytes).sum());
    }

    private static long[] range(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).toArray();
    }
}
