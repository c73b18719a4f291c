package io.intakeedge.workbench.calibration;

import io.intakeedge.agent.calibration.ToolFixtures;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;
import io.intakeedge.quantization.runtime.ModelInputs;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools must feed models exactly what serving feeds them: a region prepared by {@link ModelInputs#pixels} and run
 * through {@link RegionClassifier} scores bit for bit like the backend on the original frame, float and INT8 alike,
 * and {@link ModelInputs#normalized} is exactly the float backend's input tensor.
 */
class RegionClassifierTest {

    @ParameterizedTest
    @EnumSource(PreprocessSpec.ResizeMode.class)
    void preparedRegionScoresExactlyAsServingOnTheFrame(PreprocessSpec.ResizeMode resize) throws Exception {
        PreprocessSpec spec = new PreprocessSpec("tiny_rgb_32_v1", ToolFixtures.SIZE, ToolFixtures.SIZE, resize, 0.1f,
                PreprocessSpec.ColorOrder.RGB, List.of(0f), List.of(255f));
        Random r = new Random(3);
        List<Mat> frames = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            frames.add(ToolFixtures.parcelImage(r, i % 2 == 0, i % 3 == 0 ? 0.3 : 1.0));
        }
        Rect roi = new Rect(6, 5, 29, 24);
        LoadedModel floatModel = ModelLoader.defaults().load(ToolFixtures.floatModel(false), "tiny-float");
        List<float[]> calibration = new ArrayList<>();
        for (Mat f : frames) {
            calibration.add(ModelInputs.normalized(f, roi, spec));
        }
        byte[] int8 = new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(floatModel.bytes(),
                calibration).tflite();
        LoadedModel int8Model = ModelLoader.defaults().load(int8, "tiny-int8");

        for (LoadedModel model : List.of(floatModel, int8Model)) {
            try (TfliteBackend backend = new TfliteBackend(model, spec, RuntimeOptions.defaults(),
                    ToolFixtures.LABELS); RegionClassifier viaRegion = new RegionClassifier(backend, spec)) {
                for (int i = 0; i < frames.size(); i++) {
                    float[] direct = backend.classify(frames.get(i), roi).scores();
                    if (model == floatModel) {
                        float[] tensor = new float[ToolFixtures.SIZE * ToolFixtures.SIZE * 3];
                        backend.interpreter().inputBuffer(0).order(ByteOrder.nativeOrder()).asFloatBuffer().get(tensor);
                        assertThat(calibration.get(i)).containsExactly(tensor);
                    }
                    float[] prepared = viaRegion.apply(ModelInputs.pixels(frames.get(i), roi, spec));
                    assertThat(prepared).as("%s frame %d", model.source(), i).containsExactly(direct);
                }
            }
        }
        frames.forEach(Mat::release);
    }
}
