package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.BundleLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The on-disk store: one complete active bundle after any crash (a real child JVM killed with SIGKILL at each step
 * of an activation), bounded history, whole-bundle rollback.
 */
class BundleStoreTest {
    @TempDir
    Path tmp;

    /**
     * Steps of {@link StoreCrashChild}: 0 opened, 1 half extracted, 2 extracted, 3 installed (not active), 4 active
     * and watched, 5 committed. Killed before a step runs, the store must come back on the old bundle through step
     * 4 (a watched bundle that did not prove itself is rolled back) and on the new one after the commit.
     */
    @ParameterizedTest(name = "SIGKILL before step {0}")
    @ValueSource(ints = {1, 4, 5}) // 2 and 3 (extracted / installed, not active) leave what the test below repairs
    void killMinusNineAtEachStepLeavesExactlyOneCompleteBundle(int killAt) throws Exception {
        Path root = tmp.resolve("bundles");
        Path old = ArchiveFixtures.copyDemo(tmp.resolve("configured"));
        BundleStore first = BundleStore.open(root, 2);
        StationBundles.open(first, old);
        Path newer = ArchiveFixtures.copyDemo(tmp.resolve("newer"));
        Files.writeString(newer.resolve("manifest.yaml"), Files.readString(newer.resolve("manifest.yaml"))
                .replace("version: \"1.0.0\"", "version: \"2.0.0\""));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(), root.toString(),
                newer.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream in = child.getOutputStream()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("STEP " + killAt)) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
                    break;
                }
                if (line.startsWith("STEP ")) {
                    in.write('\n');
                    in.flush();
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        BundleStore after = BundleStore.open(root, 2);
        StationBundles.Start start = StationBundles.open(after, old);
        String expected = killAt == 5 ? "parcel-damage-demo@2.0.0" : "parcel-damage-demo@1.0.0";
        assertThat(after.active().orElseThrow().name()).isEqualTo(expected);
        assertThat(start.bundle().displayName()).isEqualTo(expected); // loads: complete, every hash as pinned
        assertThat(after.phase()).isEqualTo(BundleStore.Phase.COMMITTED);
        assertThat(list(root.resolve("incoming"))).isEmpty();
        // slots: only what the pointer names (the new bundle once committed, as active; never an orphan)
        assertThat(list(root.resolve("slots"))).hasSize(killAt == 5 ? 1 : 0);
        if (killAt == 4) {
            assertThat(after.recovery()).hasValueSatisfying(r -> assertThat(r).contains("rolled back"));
        }
    }

    @Test
    void historyIsBoundedAndRollbackRestoresTheWholePreviousBundle() throws Exception {
        BundleStore store = BundleStore.open(tmp.resolve("bundles"), 2);
        StationBundles.open(store, ArchiveFixtures.copyDemo(tmp.resolve("configured")));
        for (int v = 2; v <= 5; v++) {
            Path work = store.newWorkDir();
            ArchiveFixtures.copyDemo(work.resolve("bundle"));
            Path manifest = work.resolve("bundle/manifest.yaml");
            Files.writeString(manifest, Files.readString(manifest).replace("version: \"1.0.0\"",
                    "version: \"" + v + ".0.0\""));
            store.activate(store.install(work, work.resolve("bundle"), v, "parcel-damage-demo@" + v + ".0.0"));
            store.commit();
        }
        assertThat(store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@5.0.0");
        assertThat(store.previous()).extracting(BundleStore.Stored::name)
                .containsExactly("parcel-damage-demo@4.0.0", "parcel-damage-demo@3.0.0");
        assertThat(list(tmp.resolve("bundles/slots"))).hasSize(3); // 5, 4, 3: 2 was pruned

        BundleStore.Stored back = store.rollback();
        assertThat(BundleLoader.load(store.dirOf(back)).displayName()).isEqualTo("parcel-damage-demo@4.0.0");
        assertThat(list(tmp.resolve("bundles/slots"))).hasSize(2);
        store.rollback();
        assertThatThrownBy(store::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@3.0.0");
    }

    @Test
    void aFirstBundleUndoneUnderWatchLeavesNoBundleAndNoSlot() throws Exception {
        Path root = tmp.resolve("bundles");
        BundleStore store = BundleStore.open(root, 2); // a fresh station: nothing adopted
        assertThatThrownBy(store::undoActivation).isInstanceOf(IllegalStateException.class);
        Path work = store.newWorkDir();
        ArchiveFixtures.copyDemo(work.resolve("bundle"));
        store.activate(store.install(work, work.resolve("bundle"), 2, "parcel-damage-demo@1.0.0"));
        assertThat(list(root.resolve("slots"))).hasSize(1);

        assertThat(store.undoActivation()).isEmpty();
        assertThat(store.active()).isEmpty();
        assertThat(store.phase()).isEqualTo(BundleStore.Phase.COMMITTED);
        assertThat(list(root.resolve("slots"))).isEmpty();
        BundleStore reopened = BundleStore.open(root, 2);
        assertThat(reopened.active()).isEmpty();
        assertThat(reopened.recovery()).isEmpty();
    }

    @Test
    void aLeftoverPointerWriteAndAnOrphanSlotAreCleanedUp() throws Exception {
        Path root = tmp.resolve("bundles");
        BundleStore store = BundleStore.open(root, 2);
        StationBundles.open(store, ArchiveFixtures.copyDemo(tmp.resolve("configured")));
        String pointer = Files.readString(root.resolve(BundleStore.STATE));
        Files.writeString(root.resolve(".state.json123.tmp"), "{\"schema\":"); // a write cut short
        Files.createDirectories(root.resolve("slots/s9-orphan-1234/bundle"));
        Files.createDirectories(root.resolve("incoming/half-extracted/bundle"));

        BundleStore reopened = BundleStore.open(root, 2);
        assertThat(Files.readString(root.resolve(BundleStore.STATE))).isEqualTo(pointer);
        assertThat(reopened.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@1.0.0");
        assertThat(list(root.resolve("slots"))).isEmpty();
        assertThat(list(root.resolve("incoming"))).isEmpty();
        assertThat(reopened.recovery()).hasValueSatisfying(r -> assertThat(r).contains("unfinished pointer write")
                .contains("unfinished extraction"));
        assertThat(list(root)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("state.json", "slots", "incoming");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
