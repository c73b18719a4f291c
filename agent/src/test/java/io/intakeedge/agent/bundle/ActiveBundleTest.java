package io.intakeedge.agent.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActiveBundleTest {
    @TempDir
    Path tmp;

    private Bundle load(String version, double threshold, int modelSeed) throws Exception {
        return BundleLoader.load(TestBundles.write(tmp.resolve(version), version, threshold,
                TestBundles.model(modelSeed)));
    }

    @Test
    void startsEmptySoDecisionsFailClosed() {
        ActiveBundle active = new ActiveBundle();

        assertThat(active.current()).isEmpty();
        assertThatThrownBy(active::rollback).isInstanceOf(BundleException.class).hasMessageContaining("none");
    }

    @Test
    void rollbackRestoresThePreviousBundleAsAWhole() throws Exception {
        Bundle v1 = load("1.0.0", 0.70, 1);
        Bundle v2 = load("2.0.0", 0.55, 2);
        ActiveBundle active = new ActiveBundle(v1);

        assertThat(active.activate(v2)).contains(v1);
        assertThat(active.current()).contains(v2);
        assertThat(active.previous()).contains(v1);

        Bundle restored = active.rollback();

        assertThat(restored).isSameAs(v1);
        Bundle now = active.current().orElseThrow();
        assertThat(now.model().sha256()).isEqualTo(TestBundles.sha256(TestBundles.model(1)));
        assertThat(now.thresholds().damageThreshold()).isEqualTo(0.70);
        assertThat(now.routingPolicy().damageThreshold()).isEqualTo(0.70);
        assertThat(now.preprocess()).isEqualTo(v1.preprocess());
        assertThat(now.labels()).isEqualTo(v1.labels());
        assertThat(now.fallbackRoute()).isEqualTo(v1.fallbackRoute());
        assertThat(active.previous()).isEmpty();
    }

    @Test
    void aSecondRollbackCannotBringTheBadBundleBack() throws Exception {
        Bundle v1 = load("1.0.0", 0.70, 1);
        ActiveBundle active = new ActiveBundle(v1);
        active.activate(load("2.0.0", 0.55, 2));
        active.rollback();

        assertThatThrownBy(active::rollback).isInstanceOf(BundleException.class)
                .hasMessageContaining("parcel-damage@1.0.0");
        assertThat(active.current()).contains(v1);
    }

    @Test
    void readersAlwaysSeeOneOfTheActivatedBundles() throws Exception {
        Bundle v1 = load("1.0.0", 0.70, 1);
        Bundle v2 = load("2.0.0", 0.55, 2);
        ActiveBundle active = new ActiveBundle(v1);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                Bundle b = active.current().orElseThrow();
                // one read, one whole bundle: its version always goes with its own threshold and model
                seen.add(b.version() + "/" + b.thresholds().damageThreshold() + "/" + b.model().sha256());
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            active.activate(v2);
            active.rollback();
        }
        stop.set(true);
        reader.join();

        assertThat(seen).isSubsetOf(List.of(
                "1.0.0/0.7/" + v1.model().sha256(), "2.0.0/0.55/" + v2.model().sha256()));
        assertThat(active.current()).contains(v1);
    }
}
