package io.intakeedge.sync.protocol;

import static io.intakeedge.sync.testing.BatchJson.envelope;
import static io.intakeedge.sync.testing.BatchJson.item;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming pass must never accept what the strict tree refuses, and must see the same document when both
 * accept: checked on a valid envelope, on known hostile shapes, and on seeded random mutations of an envelope.
 */
class EnvelopeScanTest {
    private static final ObjectMapper STRICT = Json.strict();
    private final EnvelopeScan scan = new EnvelopeScan(STRICT);

    @Test
    void keepsPayloadTextsAndEveryOtherField() throws Exception {
        String payload = "{ \"score\" : 1e99999999, \"nested\": {\"a\": [1, {\"b\": null}]} }";
        String text = envelope("dock-a", "cam-1", 1, 2, item(1, "trace", payload) + "," + item(2, "event", "{}"));
        EnvelopeScan.Scanned scanned = scan.scan(text);
        assertThat(scanned).isNotNull();
        assertThat(scanned.payloads()).containsExactly(payload, "{}");
        assertThat(scanned.root()).isEqualTo(withEmptyPayloads(STRICT.readTree(text)));
        assertThat(scanned.root().get("items").get(0).get("payload")).isEqualTo(STRICT.createObjectNode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1]", "", "  ", "{\"schema\":\"x\"} trailing", "{\"schema\":\"x\"}{}", "{\"a\":1,\"a\":2}",
        "{\"items\":[{\"seq\":1,\"payload\":{\"k\":1,\"k\":2}}]}", "{\"items\":[{\"seq\":1,\"seq\":2}]}",
        "{\"items\":[{\"payload\":{}, \"payload\":{}}]}", "{\"items\":[{\"payload\":{\"x\":01}}]}",
        "{\"items\":[{\"payload\":{\"x\":\"unterminated}}]}", "{\"items\":[1,2", "{\"items\":[{\"payload\":{]}]}"})
    void leavesToTheTreeWhatTheTreeRefuses(String text) {
        assertThat(scan.scan(text)).as("scan of %s", text).isNull();
        assertThatThrownBy(() -> {
            JsonNode node = STRICT.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("not an object");
            }
        }).as("tree of %s", text).isInstanceOfAny(JsonProcessingException.class, IllegalStateException.class);
    }

    @Test
    void neverAcceptsAMutationTheTreeRefusesAndReadsTheSameDocument() throws Exception {
        String valid = traces("dock-a", "cam-1", 1, 3);
        String alphabet = "{}[]\",:0 1-eE.nulltrue\\\"payload";
        Random random = new Random(8_005);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            String text = mutate(valid, random, alphabet);
            EnvelopeScan.Scanned scanned = scan.scan(text);
            JsonNode tree;
            try {
                tree = STRICT.readTree(text);
            } catch (JsonProcessingException e) {
                assertThat(scanned).as("scan accepted what the tree refused: %s", text).isNull();
                refused++;
                continue;
            }
            if (scanned == null) {
                refused++;
                continue;
            }
            accepted++;
            assertThat(scanned.root()).as("same document: %s", text).isEqualTo(withEmptyPayloads(tree));
            if (tree.path("items").isArray()) { // what the reader goes on to use; RawPayloads needs an items array
                assertThat(scanned.payloads()).as("payload texts: %s", text).isEqualTo(RawPayloads.of(text));
            }
        }
        assertThat(accepted).as("mutations both accept").isGreaterThan(100);
        assertThat(refused).as("mutations refused").isGreaterThan(100);
    }

    private static String mutate(String text, Random random, String alphabet) {
        StringBuilder out = new StringBuilder(text);
        for (int n = 1 + random.nextInt(2); n > 0; n--) {
            int at = random.nextInt(out.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, c);
                default -> out.setCharAt(at, c);
            }
        }
        return out.toString();
    }

    /** The tree as the scan builds it: each item's object payload replaced by an empty object. */
    private static JsonNode withEmptyPayloads(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        JsonNode items = copy.get("items");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                if (item.isObject() && item.path("payload").isObject()) {
                    ((ObjectNode) item).set("payload", STRICT.createObjectNode());
                }
            }
        }
        return copy;
    }

}
