package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/** Reads an item's {@code payload} object back into compact JSON text; anything but an object is rejected. */
final class RawJsonDeserializer extends StdDeserializer<String> {
    RawJsonDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        if (node == null || !node.isObject()) {
            return ctxt.reportInputMismatch(String.class, "item payload must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        return node.toString();
    }
}
