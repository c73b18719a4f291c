package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.PreprocessSpec.ColorOrder;
import io.intakeedge.quantization.runtime.PreprocessSpec.ResizeMode;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The profile's accelerator order, with every backend passed over named with its reason. */
class BackendSelectorTest {
    private static final List<String> LABELS = List.of("intact", "damaged");
    private static final PreprocessSpec SPEC = new PreprocessSpec("parcel_rgb_16_v1", 16, 16, ResizeMode.STRETCH,
            0f, ColorOrder.RGB, List.of(0f), List.of(255f));
    private static LoadedModel model;
    private static Mat frame;

    @TempDir
    Path dir;

    @BeforeAll
    static void tinyModel() throws ModelException {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
        model = ModelLoader.defaults().load(TinyNetWriter.int8(TinyNet.small(5), ElementType.INT8), "tiny-int8");
        frame = new Mat(120, 160, CvType.CV_8UC3, new Scalar(40, 120, 200));
    }

    @Test
    void xnnpackFirstRunsOnXnnpackAndCountsTheNodesItTook() throws Exception {
        try (TfliteBackend b = open(List.of("xnnpack", "cpu")); TfliteBackend plain = open(List.of("cpu"))) {
            assertThat(b.name()).isEqualTo("tflite-xnnpack");
            assertThat(b.choice().nodes()).isEqualTo(b.interpreter().delegatedNodes().size()).isPositive()
                    .isLessThanOrEqualTo(b.choice().modelNodes());
            assertThat(b.choice().modelNodes()).isEqualTo(plain.interpreter().executionPlanSize());
            assertThat(b.choice().fallbacks()).isEmpty();
            assertThat(b.classify(frame, new Rect(20, 20, 80, 60)).backend()).isEqualTo("tflite-xnnpack");
        }
    }

    @Test
    void builtInKernelsRunEveryNode() throws Exception {
        try (TfliteBackend b = open(List.of("cpu"))) {
            int all = b.interpreter().executionPlanSize(); // conv, fully connected, softmax: nothing delegated
            assertThat(all).isEqualTo(3);
            assertThat(b.choice()).isEqualTo(new BackendChoice("tflite-cpu", all, all, List.of()));
        }
    }

    @Test
    void missingDelegateLibraryFallsBackToXnnpackWithTheReason() throws Exception {
        Path missing = dir.resolve("libvendor_npu_delegate.so");
        try (TfliteBackend b = open(List.of("delegate:" + missing, "xnnpack", "cpu"))) {
            assertThat(b.name()).isEqualTo("tflite-xnnpack");
            assertThat(b.choice().fallbacks()).containsExactly("delegate:" + missing + ": no such library " + missing);
            assertThat(b.classify(frame, new Rect(20, 20, 80, 60)).scores()).hasSize(2);
        }
    }

    @Test
    void realLibraryThatIsNotADelegateFallsBackToXnnpackWithTheReason() throws Exception {
        Path libz = systemLibz();
        try (TfliteBackend b = open(List.of("delegate:" + libz, "xnnpack", "cpu"))) {
            assertThat(b.name()).isEqualTo("tflite-xnnpack");
            assertThat(b.choice().fallbacks()).singleElement().asString()
                    .contains(libz + " is not a TFLite delegate plug-in")
                    .contains("does not export tflite_plugin_create_delegate or tflite_plugin_destroy_delegate");
        }
    }

    @Test
    void fileThatIsNotASharedLibraryFallsBackWithTheReason() throws Exception {
        Path text = Files.writeString(dir.resolve("libfake_delegate.so"), "#!/bin/sh\necho not a library\n");
        try (TfliteBackend b = open(List.of("delegate:" + text, "xnnpack"))) {
            assertThat(b.choice().fallbacks()).singleElement().asString()
                    .contains(text + " is not a shared library: not an ELF file");
        }
    }

    /**
     * A genuine plug-in (exports both entry points, built here with gcc) is recognised as one, and still falls back:
     * this TFLite build cannot call it. The reason says so instead of pretending the delegate ran.
     */
    @Test
    void genuinePluginIsRecognisedButCannotBeCalledWithThisTfliteBuild() throws Exception {
        Path plugin = compilePlugin();
        try (TfliteBackend b = open(List.of("delegate:" + plugin, "xnnpack", "cpu"))) {
            assertThat(b.name()).isEqualTo("tflite-xnnpack");
            assertThat(b.choice().fallbacks()).singleElement().asString()
                    .contains(plugin + " is a TFLite delegate plug-in").contains("no Java binding");
        }
    }

    @Test
    void tensorRtIsPassedOverUntilItExists() throws Exception {
        try (TfliteBackend b = open(List.of("tensorrt", "cpu"))) {
            assertThat(b.name()).isEqualTo("tflite-cpu");
            assertThat(b.choice().fallbacks()).containsExactly(
                    "tensorrt: no TensorRT backend in this build yet (docs/accelerators.md)");
        }
    }

    @Test
    void whenNothingCanRunTheModelEveryReasonIsNamed() {
        assertThatThrownBy(() -> open(List.of("delegate:/nonexistent/lib.so", "tensorrt")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("no backend of [delegate:/nonexistent/lib.so, tensorrt] can run tiny-int8")
                .hasMessageContaining("no such library /nonexistent/lib.so")
                .hasMessageContaining("tensorrt: no TensorRT backend");
    }

    private static TfliteBackend open(List<String> accelerators) throws ModelException {
        return BackendSelector.open(model, SPEC, LABELS, 1, accelerators);
    }

    /** zlib as the OS ships it: a real shared library, but no delegate. */
    private static Path systemLibz() throws IOException {
        for (String d : List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64")) {
            Path base = Path.of(d);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(base, 2)) {
                var found = s.filter(p -> p.getFileName().toString().equals("libz.so.1"))
                        .map(p -> {
                            try {
                                return p.toRealPath();
                            } catch (IOException e) {
                                return p;
                            }
                        }).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new AssertionError("libz.so.1 not found under /lib or /usr/lib (Debian package zlib1g)");
    }

    private Path compilePlugin() throws Exception {
        Path c = Files.writeString(dir.resolve("plugin.c"), """
                #include <stddef.h>
                void* tflite_plugin_create_delegate(char** keys, char** values, size_t n, void (*err)(const char*)) {
                  return NULL;
                }
                void tflite_plugin_destroy_delegate(void* delegate) { }
                """);
        Path so = dir.resolve("libtest_delegate.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", so.toString(), c.toString())
                .redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
        return so;
    }
}
