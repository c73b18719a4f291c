package io.intakeedge.agent.bundle.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.sync.protocol.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The station's retained download message ({@value #SCHEMA}) on {@code intake/v1/{site}/{device}/bundle/download}:
 * which job it works on and how far the download is. The downloader publishes {@code idle}, {@code downloading},
 * {@code downloaded}, {@code cancelled} and {@code failed}; the default {@link VerifyingInbox} adds {@code verified}
 * or {@code rejected}. The bundle lifecycle (verify ... rollback) publishes its own states on {@code bundle/state}.
 * Readers ignore fields they do not know.
 *
 * @param groups      the groups the station follows jobs of (what {@code fleet push --canary} picks from)
 * @param lastRefusal the most recent job this station refused or ignored, with the reason (null: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DownloadState(String schema, String site, String device, List<String> groups, String state,
                          String rolloutId,
                          String bundleId, String version, Long sequence, String sha256, Boolean canary,
                          Integer blocksTotal, Integer blocksHave, Long size, String reason, String lastRefusal,
                          String activeBundle, Instant at) {
    public static final String SCHEMA = "intake.bundle-download/1";
    private static final ObjectMapper WRITE = Json.snakeCase().build();
    private static final ObjectMapper READ = Json.snakeCase()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Percentage of blocks present, or null without a download. */
    public Integer percent() {
        return blocksTotal == null || blocksTotal == 0 || blocksHave == null ? null
                : (int) (100L * blocksHave / blocksTotal);
    }

    public byte[] toBytes() {
        try {
            return WRITE.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a state message always serialises", e);
        }
    }

    public static DownloadState parse(byte[] payload) {
        try {
            DownloadState s = READ.readValue(payload, DownloadState.class);
            if (!SCHEMA.equals(s.schema())) {
                throw new IllegalArgumentException("schema " + s.schema() + ", expected " + SCHEMA);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + SCHEMA + " message: " + e.getMessage(), e);
        }
    }
}
