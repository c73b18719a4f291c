package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts each item's {@code payload} out of the envelope text as it was received, so the collector stores what the
 * station sent and not a re-serialisation (which turned {@code 1e99999999} into {@code "Infinity"}). Runs after
 * the tree of the same text was validated, so the structure is known to be right.
 */
final class RawPayloads {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RawPayloads() {
    }

    /** The payload texts of the envelope's items, in item order. */
    static List<String> of(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("items".equals(name)) {
                    return items(p, json);
                }
                p.skipChildren();
            }
            throw new IllegalStateException("validated envelope has no items");
        } catch (IOException e) {
            throw new UncheckedIOException("validated envelope no longer parses", e);
        }
    }

    /** One entry per array element: the payload text, or null where the element has no payload object. */
    private static List<String> items(JsonParser p, String json) throws IOException {
        List<String> payloads = new ArrayList<>();
        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY && element != null;
                element = p.nextToken()) {
            payloads.add(element == JsonToken.START_OBJECT ? payload(p, json) : null);
            if (element != JsonToken.START_OBJECT) {
                p.skipChildren();
            }
        }
        return payloads;
    }

    private static String payload(JsonParser p, String json) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("payload".equals(name) && value == JsonToken.START_OBJECT) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                found = json.substring(start, (int) p.currentLocation().getCharOffset());
            } else {
                p.skipChildren();
            }
        }
        return found;
    }
}
