package io.intakeedge.agent.bundle.delivery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.sync.protocol.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The retained job document ({@value #SCHEMA}) on a device, group or site job topic (docs/mqtt.md, "Bundle
 * delivery"). {@code action} is {@code download} (every field set) or {@code cancel} (rollout, target and time only:
 * a station stops that rollout's download and deletes what it fetched). The operator's Ed25519 signature over the
 * exact payload bytes travels in the MQTT 5 user properties {@code signer} and {@code signature}
 * ({@link JobSignature}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobDocument(@JsonProperty("schema") String schema, @JsonProperty("action") String action,
                          @JsonProperty("rollout_id") String rolloutId, @JsonProperty("target") String target,
                          @JsonProperty("bundle_id") String bundleId, @JsonProperty("version") String version,
                          @JsonProperty("sequence") Long sequence, @JsonProperty("sha256") String sha256,
                          @JsonProperty("size") Long size, @JsonProperty("block_size") Integer blockSize,
                          @JsonProperty("block_sha256") String blockSha256, @JsonProperty("canary") Boolean canary,
                          @JsonProperty("issued_at") Instant issuedAt) {
    public static final String SCHEMA = "intake.bundle-job/1";
    public static final String DOWNLOAD = "download";
    public static final String CANCEL = "cancel";
    /** Largest job document a station reads (the block list of a 320 MiB archive is about 110 KiB). */
    public static final int MAX_BYTES = 256 * 1024;
    /** Duplicate keys and trailing data refused; absent fields are null (a cancel has few). */
    private static final ObjectMapper READ = Json.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @JsonCreator
    public JobDocument {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", got " + schema);
        }
        if (!DOWNLOAD.equals(action) && !CANCEL.equals(action)) {
            throw new IllegalArgumentException("action must be download or cancel, got " + action);
        }
        Objects.requireNonNull(rolloutId, "rollout_id");
        JobTarget.parse(Objects.requireNonNull(target, "target"));
        Objects.requireNonNull(issuedAt, "issued_at");
        if (DOWNLOAD.equals(action)) {
            Objects.requireNonNull(blockSha256, "block_sha256");
            job(rolloutId, target, bundleId, version, sequence, sha256, size, blockSize, canary);
        }
    }

    /** A download job with its block hashes. */
    public static JobDocument download(BundleJob job, BlockHashes hashes, Instant issuedAt) {
        return new JobDocument(SCHEMA, DOWNLOAD, job.rolloutId(), job.target().toString(), job.bundleId(),
                job.version(), job.sequence(), job.sha256(), job.size(), job.blockSize(), hashes.encode(),
                job.canary(), issuedAt);
    }

    /** Withdraws rollout {@code rolloutId} from {@code target}. */
    public static JobDocument cancel(String rolloutId, JobTarget target, Instant issuedAt) {
        return new JobDocument(SCHEMA, CANCEL, rolloutId, target.toString(), null, null, null, null, null, null,
                null, null, issuedAt);
    }

    @JsonIgnore
    public boolean isCancel() {
        return CANCEL.equals(action);
    }

    @JsonIgnore
    public JobTarget jobTarget() {
        return JobTarget.parse(target);
    }

    /** The job; only for a download document. */
    public BundleJob job() {
        if (isCancel()) {
            throw new IllegalStateException("a cancel document carries no job");
        }
        return job(rolloutId, target, bundleId, version, sequence, sha256, size, blockSize, canary);
    }

    /** The pinned block hashes; only for a download document. */
    public BlockHashes hashes() {
        return BlockHashes.decode(blockSha256, job().blockCount());
    }

    private static BundleJob job(String rolloutId, String target, String bundleId, String version, Long sequence,
                                 String sha256, Long size, Integer blockSize, Boolean canary) {
        return new BundleJob(rolloutId, bundleId, version, Objects.requireNonNull(sequence, "sequence"), sha256,
                Objects.requireNonNull(size, "size"), Objects.requireNonNull(blockSize, "block_size"),
                JobTarget.parse(target), Boolean.TRUE.equals(canary));
    }

    public byte[] toBytes() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job document always serialises", e);
        }
    }

    /** Parses a job document; {@link IllegalArgumentException} says what is wrong. */
    public static JobDocument parse(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException("job document of " + payload.length + " bytes (at most " + MAX_BYTES
                    + ")");
        }
        try {
            JobDocument doc = READ.readValue(payload, JobDocument.class);
            if (!doc.isCancel()) {
                doc.hashes(); // the block list must fit the job
            }
            return doc;
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("not a valid " + SCHEMA + " document: "
                    + String.valueOf(root.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}
