package io.intakeedge.sync.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the MQTT codec, the one reader both the collector and the station use for what arrives
 * from the broker. The contract: any bytes end in a value or a {@link ProtocolException} with a reason — no other
 * exception, no hang — and a batch that is accepted keeps every item's payload byte-exact (its text parses to the
 * same JSON as the envelope's item). {@code mvn test} replays the corpus in
 * {@code src/test/resources/io/intakeedge/sync/protocol/CodecFuzzTestInputs/}; fuzzing: docs/security.md.
 */
@Tag("fuzz")
class CodecFuzzTest {
    private static final String[] CONTENT_TYPES = {null, "application/json", "application/json+gzip", "text/plain"};
    private static final BatchReader READER = new BatchReader(PayloadLimits.wire(256 * 1024));
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @FuzzTest(maxDuration = "60s")
    void batch(FuzzedDataProvider data) throws Exception {
        Channel channel = data.pickValue(new Channel[] {Channel.TRACES, Channel.DRIFT, Channel.EVENTS});
        String contentType = data.pickValue(CONTENT_TYPES);
        boolean gzip = data.consumeBoolean();
        byte[] payload = data.consumeRemainingAsBytes();
        if (gzip) {
            payload = Gzip.compress(payload);
        }
        ReceivedBatch batch;
        try {
            batch = READER.readBatch(new Topic("site-f", "dev-f", channel), payload, contentType);
        } catch (ProtocolException refused) {
            assertThat(refused.reason()).isNotNull();
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        byte[] decoded = Gzip.decode(payload, contentType, PayloadLimits.DEFAULT);
        JsonNode envelope = PLAIN.readTree(new String(decoded, StandardCharsets.UTF_8));
        assertThat(batch.items()).hasSize(envelope.get("items").size());
        for (int i = 0; i < batch.items().size(); i++) {
            ReceivedItem item = batch.items().get(i);
            assertThat(PLAIN.readTree(item.payloadJson())).as("item %d payload kept as sent", i)
                    .isEqualTo(envelope.get("items").get(i).get("payload"));
            assertThat(item.seq()).isBetween(1L, (1L << 53) - 1);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void statusAndReceipt(FuzzedDataProvider data) {
        boolean status = data.consumeBoolean();
        String contentType = data.pickValue(CONTENT_TYPES);
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            if (status) {
                ReceivedStatus read = READER.readStatus(new Topic("site-f", "dev-f", Channel.STATUS), payload,
                        contentType);
                assertThat(read.status().site()).isEqualTo("site-f");
            } else {
                READER.readReceipt(payload, contentType);
            }
        } catch (ProtocolException refused) {
            assertThat(refused.reason()).isNotNull();
        }
    }
}
