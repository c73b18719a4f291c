package io.intakeedge.workbench.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.bundle.archive.BundleJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo bundle's committed receipt is what the generator renders (tests run in the module directory). */
class DemoBundleReceiptFixturesTest {
    private static final Path RECEIPT = Path.of("..", "bundles", "demo", "receipt");

    @TempDir
    Path tmp;

    @Test
    void committedReceiptRowsAreTheRenderedOnes() throws Exception {
        String regenerate = System.getProperty("demo.receipt.write");
        if (regenerate != null) {
            DemoReceiptFixtures.main(new String[] {regenerate});
        }
        ObjectNode rendered = DemoReceiptFixtures.render(tmp, 505);

        assertThat(BundleJson.JSON.readTree(RECEIPT.resolve("receipt.json").toFile())).isEqualTo(rendered);
        assertThat(rendered.get("fixtures")).hasSize(7);
        for (var f : rendered.get("fixtures")) {
            assertThat(RECEIPT.resolve(f.get("frame").asText())).exists();
        }
    }
}
