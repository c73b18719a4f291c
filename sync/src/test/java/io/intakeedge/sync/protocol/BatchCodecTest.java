package io.intakeedge.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCodecTest {
    private final BatchCodec codec = new BatchCodec();
    private final Instant now = Instant.parse("2026-11-23T09:41:07.120Z");

    private BatchEnvelope sample() {
        return BatchEnvelope.of("dock-a", "station-07", now, List.of(
                new BatchItem(1201, "trace", now, "{\"route\":\"normal_review\",\"score\":0.12}"),
                new BatchItem(1203, "compacted", now,
                        "{\"first_seq\":1,\"last_seq\":1202,\"count\":5,\"ranges\":[[1,5]],\"routes\":{}}")));
    }

    @Test
    void roundTripsPlainAndGzip() {
        for (boolean gzip : new boolean[] {false, true}) {
            EncodedPayload encoded = codec.encode(sample(), gzip);
            assertThat(encoded.contentType()).isEqualTo(gzip ? BatchCodec.JSON_GZIP : BatchCodec.JSON);
            BatchEnvelope back = codec.decodeBatch(encoded.bytes(), encoded.contentType());
            assertThat(back).isEqualTo(sample());
            assertThat(back.channel()).isEqualTo(Channel.TRACES);
        }
    }

    @Test
    void writesTheDocumentedFieldNames() {
        String json = new String(codec.encode(sample(), false).bytes(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"schema\":\"intake.batch/1\",\"site\":\"dock-a\",\"device\":\"station-07\","
                + "\"first_seq\":1201,\"last_seq\":1203,\"sent_at\":\"2026-11-23T09:41:07.120Z\",\"items\":[")
                .contains("{\"seq\":1201,\"kind\":\"trace\",\"created_at\":\"2026-11-23T09:41:07.120Z\","
                        + "\"payload\":{\"route\":\"normal_review\",\"score\":0.12}}");
    }

    @Test
    void rejectsContractViolationsWithAReason() {
        String good = new String(codec.encode(sample(), false).bytes(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decode(good.replace("intake.batch/1", "intake.batch/9")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unsupported schema");
        assertThatThrownBy(() -> decode(good.replace("\"last_seq\":1203", "\"last_seq\":1299")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("do not match");
        assertThatThrownBy(() -> decode(good.replace("\"seq\":1203", "\"seq\":1200")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> decode(good.replace("{\"route\":\"normal_review\",\"score\":0.12}", "[1,2]")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> decode(good.replace("\"kind\":\"trace\"", "\"kind\":\"photo\"")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown kind 'photo'");
        assertThatThrownBy(() -> decode(good.substring(0, good.length() / 2)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> codec.decodeBatch(good.getBytes(StandardCharsets.UTF_8), "text/plain"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("content-type");
        assertThatThrownBy(() -> codec.decodeBatch(good.getBytes(StandardCharsets.UTF_8), BatchCodec.JSON_GZIP))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid gzip");
    }

    @Test
    void capsDecompressedSize() {
        BatchCodec small = new BatchCodec(4096);
        String big = "{\"pad\":\"" + "x".repeat(100_000) + "\"}";
        EncodedPayload bomb = codec.encode(BatchEnvelope.of("s", "d", now, List.of(new BatchItem(1, "trace", now, big))), true);
        assertThat(bomb.bytes().length).isLessThan(4096);
        assertThatThrownBy(() -> small.decodeBatch(bomb.bytes(), bomb.contentType()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("beyond the limit of 4096");
    }

    @Test
    void receiptMergesSeqsIntoRangesAndRoundTrips() {
        BatchCodec codec = new BatchCodec();
        Receipt receipt = Receipt.of("dock-a", "station-07", new long[] {3, 4, 5, 7, 9, 10}, Instant.parse(
                "2026-11-23T09:41:07.180Z"));
        String json = new String(codec.encode(receipt).bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schema\":\"intake.receipt/1\",\"site\":\"dock-a\",\"device\":\"station-07\","
                + "\"stored\":[[3,5],[7,7],[9,10]],\"at\":\"2026-11-23T09:41:07.180Z\"}");
        Receipt back = codec.decodeReceipt(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        assertThat(back.stored()).isEqualTo(new long[][] {{3, 5}, {7, 7}, {9, 10}});
        assertThat(back.count()).isEqualTo(6);
        assertThat(back.firstSeq()).isEqualTo(3);
        assertThat(back.lastSeq()).isEqualTo(10);
        assertThatThrownBy(() -> codec.decodeReceipt(json.replace("[7,7]", "[8,6]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), null)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("ascending");
    }

    @Test
    void statusRoundTrip() {
        StatusMessage status = new StatusMessage(StatusMessage.SCHEMA, StatusMessage.ONLINE, "dock-a", "station-07",
                "0.1.0", "jetson-orin-nano", null, now);
        EncodedPayload encoded = codec.encode(status);
        assertThat(encoded.utf8()).isTrue();
        assertThat(codec.decodeStatus(encoded.bytes(), encoded.contentType())).isEqualTo(status);
    }

    @Test
    void topicsFollowTheTree() {
        Topic topic = new Topic("dock-a", "station-07", Channel.TRACES);
        assertThat(topic.name()).isEqualTo("intake/v1/dock-a/station-07/traces");
        assertThat(Topic.parse("intake/v1/dock-a/station-07/status"))
                .isEqualTo(new Topic("dock-a", "station-07", Channel.STATUS));
        assertThat(Topic.sharedSubscription("collectors")).isEqualTo("$share/collectors/intake/v1/+/+/+");
        assertThatThrownBy(() -> new Topic("dock/a", "x", Channel.DRIFT)).hasMessageContaining("site id 'dock/a'");
        assertThatThrownBy(() -> Topic.parse("intake/v2/a/b/traces")).hasMessageContaining("not of the form");
        assertThatThrownBy(() -> Topic.parse("intake/v1/a/b/photos")).hasMessageContaining("unknown topic leaf");
        assertThat(Channel.forKind("compacted")).isEqualTo(Channel.TRACES);
    }

    private BatchEnvelope decode(String json) {
        return codec.decodeBatch(json.getBytes(StandardCharsets.UTF_8), BatchCodec.JSON);
    }
}
