package io.intakeedge.sync.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The one place ObjectMappers are configured. All share: {@code java.time} as ISO-8601 text, {@code null} for a
 * primitive refused, missing creator properties, duplicate keys and trailing tokens refused where asked ({@link #strict()}). Mappers are thread-safe
 * once built; callers keep the instance they get.
 */
public final class Json {
    private static final ObjectMapper MAPPER = builder().build();
    private static final ObjectMapper STRICT = builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // a second "seq" or "items" could otherwise smuggle a value past validation: refuse duplicates
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // "{...}garbage" is not one JSON document
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** The general mapper (ISO instants, unknown properties refused, Jackson's default). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The contract's mapper: also refuses missing creator properties and duplicate keys. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** A builder with the shared settings and snake_case property names (config files, reports, status). */
    public static JsonMapper.Builder snakeCase() {
        return builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /** A builder with the shared settings, for the rare caller that needs one more feature. */
    public static JsonMapper.Builder builder() {
        return configure(JsonMapper.builder());
    }

    /** Applies the shared settings to any mapper builder, e.g. {@code Json.configure(YAMLMapper.builder())}. */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder.addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
