package io.intakeedge.agent.calibration;

import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.agent.trace.TraceStoreException;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.QualityMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Copies a seeded random sample of the frames a station accepted (quality gate passed) into a calibration set:
 * {@code <out>/<route>/<trace id>.jpg} plus a {@link CalibrationManifest} with each frame's camera, capture time,
 * quality, score, route and parcel box. Frames come from the {@link CalibrationSampler}'s folder and from the evidence
 * JPEGs of gate-passed traces; each must still have its trace. With the set an operator can re-quantize a model for a
 * new camera and prove its agreement before pushing it.
 */
public final class CalibrationExport {

    /**
     * What an export did.
     *
     * @param manifest   the manifest written (its frames are the exported images)
     * @param candidates accepted frames with an image on disk, before sampling
     * @param skipped    images passed over, each with the reason
     */
    public record Result(CalibrationManifest manifest, int candidates, List<String> skipped) {
    }

    private final Path dataDir;
    private final TraceStore traces;
    private final AgentDatabase db;
    private final Clock clock;

    public CalibrationExport(Path dataDir, AgentDatabase db, Clock clock) {
        this.dataDir = dataDir;
        this.db = db;
        this.traces = new TraceStore(db);
        this.clock = clock;
    }

    /**
     * Exports up to {@code count} frames into {@code out}, which must be missing or empty.
     *
     * @throws IllegalArgumentException when {@code out} already holds files or no accepted frame has an image
     */
    public Result export(Path out, int count, long seed) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1, got " + count);
        }
        requireEmpty(out);
        List<String> skipped = new ArrayList<>();
        Map<UUID, Path> images = candidates(skipped);
        List<UUID> order = new ArrayList<>(images.keySet()); // sorted by id: the seed alone decides the sample
        Collections.shuffle(order, new Random(seed));
        List<CalibrationManifest.Frame> frames = new ArrayList<>();
        for (UUID id : order) {
            if (frames.size() == count) {
                break;
            }
            Optional<Trace> trace = traces.find(id);
            if (trace.isEmpty() || !Boolean.TRUE.equals(trace.get().gatePassed())) {
                skipped.add(images.get(id) + ": " + (trace.isEmpty() ? "no trace " + id : "gate did not pass"));
                continue;
            }
            frames.add(copy(trace.get(), images.get(id), out));
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no accepted frame with an image in " + dataDir + " (calibration "
                    + "sampling off, or nothing decided yet)");
        }
        frames.sort((a, b) -> a.file().compareTo(b.file()));
        CalibrationManifest manifest = new CalibrationManifest(CalibrationManifest.SCHEMA, clock.instant(),
                dataDir.toAbsolutePath().toString(), seed, frames);
        manifest.writeTo(out);
        return new Result(manifest, images.size(), skipped);
    }

    /** Trace id → image: sampler JPEGs first, then evidence of gate-passed traces. */
    private Map<UUID, Path> candidates(List<String> skipped) throws IOException {
        Map<UUID, Path> images = new TreeMap<>();
        Path sampled = CalibrationSampler.dirIn(dataDir);
        if (Files.isDirectory(sampled)) {
            try (Stream<Path> files = Files.walk(sampled, 2)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    traceIdOf(f).ifPresentOrElse(id -> images.put(id, f),
                            () -> skipped.add(f + ": file name is not <trace id>.jpg"));
                }
            }
        }
        String sql = "SELECT trace_id, evidence_path FROM agent_trace WHERE gate_passed AND evidence_path IS NOT NULL";
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                Path evidence = resolve(rs.getString(2));
                if (Files.isRegularFile(evidence)) {
                    images.putIfAbsent(id, evidence);
                }
            }
        } catch (SQLException e) {
            throw new TraceStoreException("listing accepted traces failed: " + e.getMessage(), e);
        }
        return images;
    }

    private CalibrationManifest.Frame copy(Trace trace, Path image, Path out) throws IOException {
        String file = trace.route().code() + "/" + trace.traceId() + ".jpg";
        Path target = out.resolve(file);
        AtomicFiles.write(target, Files.readAllBytes(image));
        QualityMetrics q = trace.quality();
        Box box = q == null ? null : q.parcelBox().orElse(null);
        return new CalibrationManifest.Frame(file, trace.traceId(), trace.cameraId(), trace.capturedAt(),
                q == null ? null : q.brightness(), q == null ? null : q.blurScore(), trace.positiveScore(),
                trace.route().code(), box);
    }

    private Path resolve(String stored) {
        Path p = Path.of(stored);
        return p.isAbsolute() || Files.exists(p) ? p : dataDir.resolve(p);
    }

    private static Optional<UUID> traceIdOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".jpg")) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(0, name.length() - 4)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void requireEmpty(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + out + " is not empty; export into a new directory "
                            + "so two sets never mix");
                }
            }
        }
        Files.createDirectories(out);
    }
}
