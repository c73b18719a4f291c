package io.intakeedge.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.intakeedge.sync.protocol.Json;

/** Reads {@code station.yaml}; every problem is reported with the file and the offending key. */
public final class StationConfigLoader {
    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private StationConfigLoader() {
    }

    public static StationConfig load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("station config " + file + " does not exist or is not readable");
        }
        try {
            StationConfig config = YAML.readValue(file.toFile(), StationConfig.class);
            if (config == null) {
                throw new IllegalArgumentException("station config " + file + " is empty");
            }
            return resolveAgainst(config, file.toAbsolutePath().getParent());
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException("station config " + file + ": " + message(root, e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("station config " + file + ": " + e.getMessage(), e);
        }
    }

    private static String message(Throwable root, JsonMappingException e) {
        return root == e ? e.getOriginalMessage() + " at " + e.getPathReference() : root.getMessage();
    }

    /** Relative paths in the file are relative to the file, so a config can travel with its folder. */
    private static StationConfig resolveAgainst(StationConfig c, Path dir) {
        StationConfig.CameraConfig camera = c.camera().resolvedAgainst(dir);
        StationConfig.SyncSettings s = c.sync();
        StationConfig.SyncSettings sync = s.tls() == null ? s : new StationConfig.SyncSettings(s.enabled(), s.broker(),
                s.username(), s.password(), s.gzip(), s.outboxBudgetMb(), s.receipts(), s.unreachableAlertS(),
                s.outboxAlertItems(), s.tls().resolvedAgainst(dir));
        return new StationConfig(c.site(), c.device(), c.station(), c.profile(), camera, dir.resolve(c.bundle()),
                dir.resolve(c.dataDir()), c.http(), sync, c.calibration(), c.bundles().resolvedAgainst(dir),
                c.delivery(), c.retention());
    }
}
