package io.intakeedge.sync.protocol;

import io.intakeedge.sync.protocol.ProtocolException.Reason;
import io.intakeedge.sync.testing.BatchJson;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.intakeedge.sync.testing.BatchJson.envelope;
import static io.intakeedge.sync.testing.BatchJson.item;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one reader both sides use: what it accepts, exactly as received, and the named reason for all it refuses. */
class BatchReaderTest {
    private static final Topic TRACES = new Topic("dock-a", "cam-1", Channel.TRACES);
    private static final Topic STATUS = new Topic("dock-a", "cam-1", Channel.STATUS);
    private final BatchReader reader = new BatchReader(PayloadLimits.wire(4096));

    @Test
    void keepsEachPayloadByteExactWithNumbersJacksonWouldRewrite() {
        String payload = "{ \"score\" : 1e99999999,\n \"tiny\":1.0E-400, \"big\":123456789012345678901234567890 }";
        String json = envelope("dock-a", "cam-1", 1, 2, item(1, "trace", payload) + "," + item(2, "trace", "{}"));
        ReceivedBatch batch = reader.readBatch(TRACES, utf8(json), Gzip.JSON);
        assertThat(batch.items()).extracting(ReceivedItem::payloadJson).containsExactly(payload, "{}");
        assertThat(batch.items().get(0).createdAt()).hasToString("2026-11-23T09:40:59.001Z");
    }

    @Test
    void inflatesGzipAnnouncedOrRecognizedByItsMagicNumber() {
        byte[] gz = BatchJson.gzip(traces("dock-a", "cam-1", 5, 3));
        assertThat(reader.readBatch(TRACES, gz, Gzip.JSON_GZIP).lastSeq()).isEqualTo(7);
        assertThat(reader.readBatch(TRACES, gz, null).firstSeq()).as("MQTT 3 publisher: no content type").isEqualTo(5);
    }

    @ParameterizedTest(name = "seq {0} -> {1}")
    @CsvSource({"2.0, NOT_AN_INTEGER", "1E2, NOT_AN_INTEGER", "-0.0, NOT_AN_INTEGER", "1.5, NOT_AN_INTEGER",
            "0, OUT_OF_RANGE", "-0, OUT_OF_RANGE", "-3, OUT_OF_RANGE", "9223372036854775807, OUT_OF_RANGE",
            "99999999999999999999999, OUT_OF_RANGE", "'\"7\"', INVALID", "null, INVALID", "true, INVALID"})
    void seqMustBeAStrictPositiveInteger(String seq, Reason reason) {
        String json = envelope("dock-a", "cam-1", 1, 1, item(1, "trace", "{}")).replace("\"seq\":1", "\"seq\":" + seq);
        assertThat(refusal(json).reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "created_at {0} -> {1}")
    @CsvSource({"+1000000000-01-01T00:00:00Z, OUT_OF_RANGE", "-1000000000-01-01T00:00:00Z, OUT_OF_RANGE",
            "1969-12-31T23:59:59Z, OUT_OF_RANGE", "+10000-01-01T00:00:00Z, OUT_OF_RANGE", "yesterday, INVALID"})
    void createdAtMustBeAnInstantSqlCanHold(String at, Reason reason) {
        String json = traces("dock-a", "cam-1", 1, 1).replace("2026-11-23T09:40:59.001Z", at);
        assertThat(refusal(json).reason()).isEqualTo(reason);
    }

    @Test
    void compactedRangesAreBoundedByTheSummarysOwnSeq() {
        String reaching = "{\"first_seq\":1,\"last_seq\":9223372036854775807,\"ranges\":[[1,9223372036854775807]]}";
        String beyondSeq = "{\"first_seq\":1,\"last_seq\":50,\"ranges\":[[1,50]]}";
        String overlapping = "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,5],[4,9]]}";
        String fraction = "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,5.0]]}";
        assertThat(refusal(compacted(reaching)).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(refusal(compacted(beyondSeq)).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(refusal(compacted(overlapping)).reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(refusal(compacted(fraction)).reason()).isEqualTo(Reason.NOT_AN_INTEGER);
        ReceivedItem ok = reader.readBatch(TRACES, utf8(compacted(
                "{\"first_seq\":1,\"last_seq\":10,\"ranges\":[[1,4],[6,10]]}")), null).items().get(0);
        assertThat(ok.covers()).containsExactly(new SeqRange(1, 4), new SeqRange(6, 10));
    }

    @Test
    void namesEveryOtherWayABatchIsWrong() {
        String good = traces("dock-a", "cam-1", 1, 2);
        assertThat(refusal(good.replace("dock-a", "dock-b")).reason()).isEqualTo(Reason.TOPIC_MISMATCH);
        assertThat(refusal(good.replace("intake.batch/1", "intake.batch/2")).reason()).isEqualTo(Reason.WRONG_SCHEMA);
        assertThat(refusal(good.replace("\"kind\":\"trace\"", "\"kind\":\"drift\"")).getMessage())
                .contains("may not travel on 'traces'");
        assertThat(refusal(good.replace("{\"seq\":1,", "{\"seq\":1,\"seq\":2,")).reason())
                .as("a duplicate key could smuggle a second value past validation").isEqualTo(Reason.MALFORMED);
        assertThat(refusal(good.replace("\"last_seq\":2", "\"last_seq\":3")).getMessage()).contains("do not match");
        assertThat(refusal("[1,2]").reason()).isEqualTo(Reason.MALFORMED);
        assertThat(refusal(good.replace("\"sent_at\":\"2026-11-23T09:41:07.120Z\",", "")).getMessage())
                .contains("sent_at");
        byte[] latin1 = good.replace("route", "r\u00f6ute").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> reader.readBatch(TRACES, latin1, null))
                .reason()).isEqualTo(Reason.UNDECODABLE);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> reader.readBatch(TRACES, new byte[5000], null))
                .reason()).isEqualTo(Reason.OVERSIZED);
    }

    @Test
    void aGzipBombStopsAtTheDecodedLimit() {
        byte[] bomb = Gzip.compress(("{\"pad\":\"" + "x".repeat(PayloadLimits.DEFAULT_MAX_DECODED_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).as("small on the wire").isLessThan(100_000);
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new BatchReader(PayloadLimits.wire(1 << 20)).readBatch(TRACES, bomb, Gzip.JSON_GZIP));
        assertThat(e.reason()).isEqualTo(Reason.OVERSIZED);
        assertThat(e.getMessage()).contains("inflates beyond the limit of " + PayloadLimits.DEFAULT_MAX_DECODED_BYTES);
    }

    @Test
    void statusIsValidatedAgainstItsSchemaAndTopicAndKeptAsReceived() {
        String status = "{\"schema\":\"intake.status/1\",\"state\":\"online\",\"site\":\"dock-a\",\"device\":\"cam-1\","
                + "\"agent_version\":\"0.1.0\",\"device_profile\":\"x86\",\"active_bundle\":null,\"at\":\"2026-11-23T09:41:07Z\"}";
        assertThat(reader.readStatus(STATUS, utf8(status), null).json()).isEqualTo(status);
        assertThat(statusRefusal("{\"state\":\"online\"}").reason()).isEqualTo(Reason.WRONG_SCHEMA);
        assertThat(statusRefusal(status.replace("cam-1", "cam-2")).reason()).isEqualTo(Reason.TOPIC_MISMATCH);
        assertThat(statusRefusal(status.replace("online", "hacked")).getMessage()).contains("online or offline");
        assertThat(statusRefusal(status.replace("\"at\"", "\"extra\":1,\"at\"")).reason()).isEqualTo(Reason.INVALID);
        assertThat(statusRefusal(status.replace("2026-11-23", "+1000000000-01-01")).reason())
                .isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void randomCorruptionEndsInAcceptanceOrANamedRefusalNeverAnotherException() {
        byte[] good = utf8(traces("dock-a", "cam-1", 1, 3));
        Random random = new Random(42);
        int refused = 0;
        for (int run = 0; run < 2_000; run++) {
            byte[] bad = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            try {
                reader.readBatch(TRACES, bad, Gzip.JSON);
            } catch (ProtocolException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(1_500);
    }

    @Test
    void idsFollowOneRuleEverywhere() {
        assertThat(Ids.isValid("station-07")).isTrue();
        assertThat(Ids.isValid("dock.a")).isFalse();
        assertThat(Ids.isValid("x".repeat(65))).isFalse();
        assertThatThrownBy(() -> Ids.require("site", "dock.a")).hasMessageContaining("site id 'dock.a'");
        assertThat(refusal(traces("dock.a", "cam-1", 1, 1)).getMessage()).contains("site id 'dock.a'");
    }

    private static String compacted(String payload) {
        return envelope("dock-a", "cam-1", 20, 20, item(20, "compacted", payload));
    }

    private ProtocolException refusal(String json) {
        return catchThrowableOfType(ProtocolException.class, () -> reader.readBatch(TRACES, utf8(json), Gzip.JSON));
    }

    private ProtocolException statusRefusal(String json) {
        return catchThrowableOfType(ProtocolException.class, () -> reader.readStatus(STATUS, utf8(json), null));
    }
}
