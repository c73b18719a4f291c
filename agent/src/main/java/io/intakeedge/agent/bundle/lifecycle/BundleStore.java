package io.intakeedge.agent.bundle.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.intakeedge.agent.calibration.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The station's bundles on disk, under {@code {data_dir}/bundles}: complete bundle directories in {@code slots/}, and
 * one pointer file {@code state.json} naming the active bundle, the previous ones (newest first, at most
 * {@code keep}) and the phase. The pointer is the only thing that changes which bundle the station runs, and it
 * changes in one step (temporary file, fsync, atomic rename, fsync of the directory), so {@code kill -9} at any
 * moment leaves exactly one complete active bundle:
 * <ul>
 *   <li>a slot is written and fsynced in {@code incoming/}, then renamed into {@code slots/}: a crash leaves at most an
 *   orphan that {@link #open} deletes, never a half-written slot the pointer names;</li>
 *   <li>a bundle killed while {@code watching} (activated, health not yet proven) is rolled back at the next start:
 *   it did not prove itself, and a bundle that crashes the station must not come back by a restart loop.</li>
 * </ul>
 * Not thread-safe: the lifecycle calls it from its own thread.
 */
public final class BundleStore {
    private static final Logger LOG = LoggerFactory.getLogger(BundleStore.class);
    static final String STATE = "state.json";
    static final String SLOTS = "slots";
    static final String INCOMING = "incoming";
    static final String SCHEMA = "intake.bundle-store/1";

    /** Whether the active bundle has proven itself yet. */
    public enum Phase { COMMITTED, WATCHING }

    /**
     * One complete bundle on disk.
     *
     * @param path     its bundle directory: relative to the store for slots, absolute for the configured bundle
     * @param sequence its release sequence (0 for a configured bundle without release facts)
     * @param name     {@code id@version}
     */
    public record Stored(String path, long sequence, String name) {
        public Stored {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(name, "name");
        }
    }

    /** The pointer file's content. */
    record State(String schema, Stored active, List<Stored> previous, Phase phase) {
        State {
            previous = previous == null ? List.of() : List.copyOf(previous);
        }

        @JsonProperty("schema")
        public String schema() {
            return SCHEMA;
        }
    }

    private final Path root;
    private final int keep;
    /** Installed slots not yet in the pointer (a candidate in validation or shadow): pruning leaves them alone. */
    private final Set<String> pending = new HashSet<>();
    private State state;
    private String recovery;

    private BundleStore(Path root, int keep) {
        this.root = root;
        this.keep = keep;
    }

    /**
     * Opens (creating) the store and brings it to a consistent state after whatever happened last: leftover temporary
     * files and orphan or unreferenced slots are deleted, a bundle still {@code watching} is rolled back.
     *
     * @param keep previous bundles kept for rollback (at least 1)
     */
    public static BundleStore open(Path root, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        BundleStore store = new BundleStore(root.toAbsolutePath().normalize(), keep);
        store.recover();
        return store;
    }

    public Optional<Stored> active() {
        return Optional.ofNullable(state).map(State::active);
    }

    public List<Stored> previous() {
        return state == null ? List.of() : state.previous();
    }

    public Phase phase() {
        return state == null ? Phase.COMMITTED : state.phase();
    }

    /** What {@link #open} had to repair, if anything (for the event log). */
    public Optional<String> recovery() {
        return Optional.ofNullable(recovery);
    }

    /** The bundle directory of {@code stored}, ready for {@code BundleLoader}. */
    public Path dirOf(Stored stored) {
        return root.resolve(stored.path());
    }

    /** A fresh, empty directory to extract an archive into; deleted at the next start unless installed. */
    public Path newWorkDir() throws IOException {
        return Files.createDirectories(root.resolve(INCOMING).resolve(UUID.randomUUID().toString()));
    }

    /**
     * Makes an extracted, verified archive a slot: every file fsynced, then one rename into {@code slots/}. Not yet
     * active: only {@link #activate} changes that.
     *
     * @param bundleDir the bundle directory inside {@code workDir}
     */
    public Stored install(Path workDir, Path bundleDir, long sequence, String name) throws IOException {
        Path work = workDir.toAbsolutePath().normalize();
        if (!work.getParent().equals(root.resolve(INCOMING))) {
            throw new IllegalArgumentException(workDir + " is not a work directory of this store");
        }
        fsyncTree(work);
        String slot = "s" + sequence + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Path target = root.resolve(SLOTS).resolve(slot);
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDir(root.resolve(SLOTS));
        pending.add(slot);
        String inside = work.relativize(bundleDir.toAbsolutePath().normalize()).toString();
        return new Stored(root.relativize(target.resolve(inside)).toString(), sequence, name);
    }

    /** First start: the configured bundle becomes the active one, proven (the operator chose it). */
    public void adopt(Stored configured) throws IOException {
        write(new State(SCHEMA, configured, List.of(), Phase.COMMITTED));
    }

    /** {@code next} becomes active and watched; the active one heads the rollback history. */
    public void activate(Stored next) throws IOException {
        List<Stored> history = new ArrayList<>();
        active().ifPresent(history::add);
        history.addAll(previous());
        write(new State(SCHEMA, next, history.subList(0, Math.min(keep, history.size())), Phase.WATCHING));
        pending.remove(slotOf(next));
    }

    /** The watched bundle proved itself; slots no longer referenced are deleted. */
    public void commit() throws IOException {
        write(new State(SCHEMA, state.active(), state.previous(), Phase.COMMITTED));
        prune();
    }

    /**
     * The previous whole bundle becomes active again (committed); the one it replaces is forgotten and deleted.
     *
     * @throws IllegalStateException when there is no previous bundle
     */
    public Stored rollback() throws IOException {
        if (previous().isEmpty()) {
            throw new IllegalStateException("no previous bundle to roll back to");
        }
        List<Stored> history = previous();
        write(new State(SCHEMA, history.get(0), history.subList(1, history.size()), Phase.COMMITTED));
        prune();
        return state.active();
    }

    /**
     * Undoes the activation under watch: {@link #rollback}, or for a station's first bundle (nothing was active
     * before it) back to no bundle at all, so the station fails closed as it did before.
     *
     * @return the bundle active now, empty when none
     */
    public Optional<Stored> undoActivation() throws IOException {
        if (phase() != Phase.WATCHING) {
            throw new IllegalStateException("no activation under watch to undo");
        }
        if (!previous().isEmpty()) {
            return Optional.of(rollback());
        }
        write(new State(SCHEMA, null, List.of(), Phase.COMMITTED));
        prune();
        return Optional.empty();
    }

    /** Deletes a slot that never became active (rejected or cancelled candidate). */
    public void discard(Stored stored) throws IOException {
        pending.remove(slotOf(stored));
        prune();
    }

    /** Deletes a work directory that will not be installed. */
    public void discardWork(Path workDir) throws IOException {
        deleteTree(workDir);
    }

    private void recover() throws IOException {
        Files.createDirectories(root.resolve(SLOTS));
        Files.createDirectories(root.resolve(INCOMING));
        List<String> repaired = new ArrayList<>();
        try (Stream<Path> leftovers = Files.list(root)) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
                repaired.add("deleted unfinished pointer write " + p.getFileName());
            }
        }
        try (Stream<Path> work = Files.list(root.resolve(INCOMING))) {
            for (Path p : work.toList()) {
                deleteTree(p);
                repaired.add("deleted unfinished extraction " + p.getFileName());
            }
        }
        Path file = root.resolve(STATE);
        if (Files.exists(file)) {
            state = LifecycleJson.MAPPER.readValue(file.toFile(), State.class);
        }
        if (state != null && state.phase() == Phase.WATCHING) {
            String was = state.active().name();
            if (state.previous().isEmpty()) {
                write(new State(SCHEMA, state.active(), List.of(), Phase.COMMITTED));
                repaired.add(was + " was being watched and has no previous bundle: kept");
            } else {
                rollback();
                repaired.add(was + " was being watched when the station stopped: rolled back to "
                        + state.active().name());
            }
        }
        prune();
        if (!repaired.isEmpty()) {
            recovery = String.join("; ", repaired);
            LOG.warn("bundle store {}: {}", root, recovery);
        }
    }

    private void prune() throws IOException {
        Set<String> keepSlots = referenced();
        try (Stream<Path> slots = Files.list(root.resolve(SLOTS))) {
            for (Path p : slots.toList()) {
                if (!keepSlots.contains(p.getFileName().toString())) {
                    deleteTree(p);
                }
            }
        }
    }

    /** Slot directory names the pointer refers to. */
    private Set<String> referenced() {
        Set<String> names = new HashSet<>(pending);
        if (state != null && state.active() != null) {
            names.add(slotOf(state.active()));
            state.previous().forEach(s -> names.add(slotOf(s)));
        }
        return names;
    }

    private String slotOf(Stored stored) {
        Path p = Path.of(stored.path());
        return !p.isAbsolute() && p.getNameCount() >= 2 && p.getName(0).toString().equals(SLOTS)
                ? p.getName(1).toString() : "";
    }

    private void write(State next) throws IOException {
        AtomicFiles.write(root.resolve(STATE), LifecycleJson.MAPPER.writeValueAsBytes(next));
        fsyncDir(root);
        state = next;
    }

    private static void fsyncTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    fsyncDir(p);
                }
            }
        }
    }

    /** A rename is durable once its directory is: fsync the directory itself (Linux allows it read-only). */
    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
