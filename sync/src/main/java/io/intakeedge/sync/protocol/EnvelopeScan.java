package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One streaming pass over a batch envelope: the tree of everything except the items' payload objects, which are
 * only tokenized (so still checked for syntax, duplicate keys, nesting and number limits by the strict parser) and
 * kept as the exact text received. A tree of every trace's forty fields, then a second pass to cut the payload texts
 * out ({@link RawPayloads}), took most of the collector's ingest CPU (issue 8).
 *
 * <p>The validation that follows is the tree path's own: each payload object stands in the tree as an empty object.
 * Anything this pass does not handle exactly as {@code readTree} would (no object at the root, trailing tokens, a
 * syntax error, text long enough to meet a string limit that skipping does not check) returns null, and the caller
 * reads the tree the old way, so a refusal's reason and message do not depend on the pass.
 */
final class EnvelopeScan {
    /** The envelope tree with empty objects for payloads, and the payload texts in item order (null: no object). */
    record Scanned(JsonNode root, List<String> payloads) {
    }

    private final ObjectMapper json;
    private final ObjectReader values;
    private final JsonNodeFactory nodes;
    private final int maxText;

    EnvelopeScan(ObjectMapper json) {
        this.json = json;
        // fields are read one by one from a parser in mid-document: the document's end is checked here instead
        this.values = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.nodes = json.getNodeFactory();
        this.maxText = json.getFactory().streamReadConstraints().getMaxStringLength();
    }

    /** The scanned envelope, or null when the tree path must read (and most likely refuse) this text. */
    Scanned scan(String text) {
        if (text.length() >= maxText) {
            return null;
        }
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = nodes.objectNode();
            List<String> payloads = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY && "items".equals(name)) {
                    root.set(name, items(p, text, payloads));
                } else {
                    root.set(name, value(p));
                }
            }
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null
                    ? new Scanned(root, payloads) : null;
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null; // a String source has no I/O; anything else is the tree path's to report
        }
    }

    private ArrayNode items(JsonParser p, String text, List<String> payloads) throws IOException {
        ArrayNode array = nodes.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new IOException("end of input inside items");
            }
            if (t == JsonToken.START_OBJECT) {
                array.add(item(p, text, payloads));
            } else {
                array.add(value(p));
                payloads.add(null);
            }
        }
        return array;
    }

    private ObjectNode item(JsonParser p, String text, List<String> payloads) throws IOException {
        ObjectNode item = nodes.objectNode();
        String payload = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            if (p.nextToken() == JsonToken.START_OBJECT && "payload".equals(name)) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                payload = text.substring(start, (int) p.currentLocation().getCharOffset());
                item.set(name, nodes.objectNode());
            } else {
                item.set(name, value(p));
            }
        }
        payloads.add(payload);
        return item;
    }

    private JsonNode value(JsonParser p) throws IOException {
        return values.readTree(p);
    }
}
