package io.intakeedge.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StationConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("station.yaml"), yaml);
    }

    @Test
    void readsTheExampleShippedInDocs() {
        StationConfig c = StationConfigLoader.load(Path.of("..", "docs", "station.example.yaml"));
        assertThat(c.device()).isEqualTo("station-07");
        assertThat(c.camera().source()).isEqualTo("video");
        assertThat(c.sync().enabled()).isTrue();
        assertThat(c.sync().outboxBudgetMb()).isEqualTo(256);
    }

    @Test
    void resolvesRelativePathsAgainstTheConfigFileAndFillsDefaults() throws IOException {
        StationConfig c = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox}
                bundle: bundles/b
                """));
        assertThat(c.camera().path()).isEqualTo(dir.resolve("inbox"));
        assertThat(c.bundle()).isEqualTo(dir.resolve("bundles/b"));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.station()).isEqualTo("d1");
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.sync().enabled()).isFalse();
        assertThat(c.camera().locator()).as("a hot folder holds stills: the photo is the parcel")
                .isEqualTo("full_frame");
    }

    @Test
    void theParcelLocatorIsChosenPerCameraWithTheSourcesDefault() throws IOException {
        StationConfig video = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: video, path: a.avi}
                bundle: b
                """));
        assertThat(video.camera().locator()).isEqualTo("background");
        StationConfig fixedFolder = StationConfigLoader.load(write("""
                site: s1
                device: d1
                camera: {source: folder, path: inbox, locator: background}
                bundle: b
                """));
        assertThat(fixedFolder.camera().locator()).isEqualTo("background");
        Path wrong = write("""
                site: s1
                device: d1
                camera: {source: synthetic, locator: yolo}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camera.locator").hasMessageContaining("yolo");
    }

    @Test
    void rejectsTopicBreakingIdsWithTheFieldName() throws IOException {
        Path file = write("""
                site: s1
                device: "dock/7"
                camera: {source: synthetic}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device");
    }

    @Test
    void rejectsUnknownKeysSoTyposAreNotSilentlyIgnored() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: synthetic}
                bundle: b
                sync: {enabled: false, broker: "tcp://x:1883", gzipp: true}
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gzipp");
    }

    @Test
    void sourcesThatReadFilesNeedAPath() throws IOException {
        Path file = write("""
                site: s1
                device: d1
                camera: {source: video}
                bundle: b
                """);
        assertThatThrownBy(() -> StationConfigLoader.load(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("camera.path");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> StationConfigLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.yaml");
    }
}
