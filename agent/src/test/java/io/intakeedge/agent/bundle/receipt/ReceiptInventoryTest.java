package io.intakeedge.agent.bundle.receipt;

import io.intakeedge.agent.bundle.archive.ReceiptPin;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 001's exact-receipt holds, before any route is looked at: identity first, then missing, unexpected, duplicate. */
class ReceiptInventoryTest {
    private static final List<String> IDS = List.of("damaged_a", "damaged_b", "intact_a", "intact_b", "dark_a",
            "blurred_a");
    private static final ReceiptPin PIN = new ReceiptPin("receipt.json", "ds", "v1", IDS);

    @Test
    void seedCases() {
        assertThat(hold(receipt("ds", "v1", IDS))).isNull();
        assertThat(hold(receipt("ds", "v1", IDS.subList(0, 5)))).isEqualTo("missing:blurred_a");
        assertThat(hold(receipt("ds", "v1", plus(IDS, "easy_status_extra")))).isEqualTo("unexpected:easy_status_extra");
        assertThat(hold(receipt("ds", "v1", plus(IDS, "intact_b")))).isEqualTo("duplicate:intact_b");
        assertThat(hold(receipt("ds", "v2", IDS))).isEqualTo("dataset_version:v2");
        assertThat(hold(receipt("other", "v1", IDS))).isEqualTo("dataset_id:other");
    }

    @Property(tries = 200)
    void orderNeverMattersAndAnyDroppedFixtureIsMissing(@ForAll long seed, @ForAll @IntRange(max = 5) int drop) {
        List<String> shuffled = new ArrayList<>(IDS);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(hold(receipt("ds", "v1", shuffled))).isNull();
        String dropped = shuffled.remove(drop);
        assertThat(hold(receipt("ds", "v1", shuffled))).isEqualTo("missing:" + dropped);
    }

    private static String hold(ValidationReceipt r) {
        return ReceiptCheck.identityOrInventory(r, PIN);
    }

    private static List<String> plus(List<String> ids, String extra) {
        List<String> out = new ArrayList<>(ids);
        out.add(extra);
        return out;
    }

    private static ValidationReceipt receipt(String dataset, String version, List<String> ids) {
        return new ValidationReceipt(ValidationReceipt.SCHEMA, dataset, version, ids.stream()
                .map(id -> new ValidationReceipt.Fixture(id, "s", "frames/" + id + ".jpg", null, "normal_review",
                        "below_threshold")).toList());
    }
}
