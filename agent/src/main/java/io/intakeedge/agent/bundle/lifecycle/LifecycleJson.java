package io.intakeedge.agent.bundle.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.sync.protocol.Json;

/**
 * The lifecycle's mapper: the shared settings ({@link Json}: ISO instants, unknown keys refused) with snake_case
 * names, plus duplicate keys and trailing data refused (a command must be one unambiguous document).
 */
final class LifecycleJson {
    static final ObjectMapper MAPPER = Json.snakeCase()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LifecycleJson() {
    }
}
