package io.intakeedge.profiles;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * What a station config asks for: {@code profile: auto}, {@code profile: jetson-orin-nano}, a profile file, or a
 * mapping that also overrides single fields, e.g. {@code profile: {id: auto, inference_threads: 2}}. Override
 * names are the profile file's field names; they are checked like a profile file when the profile is chosen.
 *
 * @param id        {@code auto}, a built-in id or alias, or a path to a profile file
 * @param overrides profile fields to replace (an empty mapping for none)
 */
public record ProfileRequest(String id, ObjectNode overrides) {

    public static final ProfileRequest AUTO = new ProfileRequest("auto", null);

    public ProfileRequest {
        id = id == null || id.isBlank() ? "auto" : id.trim();
        overrides = overrides == null ? JsonNodeFactory.instance.objectNode() : overrides.deepCopy();
    }

    /** {@code auto}, an id or a file, without overrides. */
    public static ProfileRequest of(String id) {
        return new ProfileRequest(id, null);
    }

    /** Reads the {@code profile:} value of a station config: text, or a mapping with {@code id} and overrides. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ProfileRequest fromConfig(JsonNode node) {
        if (node == null || node.isNull()) {
            return AUTO;
        }
        if (node.isTextual()) {
            return of(node.asText());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("profile: expected a profile id, a file or {id: ..., field: value},"
                    + " got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode overrides = ((ObjectNode) node).deepCopy();
        JsonNode id = overrides.remove("id");
        if (id != null && !id.isTextual()) {
            throw new IllegalArgumentException("profile.id: expected auto, a profile id or a file, got " + id);
        }
        return new ProfileRequest(id == null ? "auto" : id.asText(), overrides);
    }

    /** Written back the way it was read: plain text without overrides. */
    @JsonValue
    public Object toConfig() {
        if (overrides.isEmpty()) {
            return id;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", id);
        node.setAll(overrides);
        return node;
    }

    @Override
    public String toString() {
        return overrides.isEmpty() ? id : id + " " + Map.of("overrides", overrides);
    }
}
