package io.intakeedge.quantization.train;

import io.intakeedge.quantization.builder.NetworkSpecs;
import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.Layer.Activation;
import io.intakeedge.quantization.graph.NetworkSpec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

/**
 * The float reference and TFLite's reference kernels agree on the same {@link NetworkSpec}: the padding, weight
 * layouts and flattening the trainer assumes are the ones the builder writes and TFLite runs.
 */
class FloatNetworkVsTfliteTest {

    @Test
    void everyLayerKindMatchesTfliteOnOddSizes() {
        Random random = new Random(3);
        // odd sizes make SAME padding asymmetric, where conventions differ
        NetworkSpec spec = new NetworkSpec("all_layers", 11, 9, 3, List.of(
                new Layer.Conv2D(6, 3, 2, Activation.RELU, gaussian(random, 6 * 3 * 3 * 3), gaussian(random, 6)),
                new Layer.DepthwiseConv2D(3, 1, Activation.RELU6, gaussian(random, 3 * 3 * 6), gaussian(random, 6)),
                new Layer.MaxPool2D(3, 2),
                new Layer.Conv2D(4, 1, 1, Activation.NONE, gaussian(random, 4 * 6), gaussian(random, 4)),
                new Layer.Dense(5, Activation.RELU, gaussian(random, 5 * 3 * 3 * 4), gaussian(random, 5)),
                new Layer.Dense(3, Activation.NONE, gaussian(random, 3 * 5), gaussian(random, 3)),
                new Layer.Softmax()), List.of("a", "b", "c"));
        assertMatches(spec, random);
    }

    @Test
    void trainedDemoArchitectureMatchesTflite() {
        Dataset few = BlobImages.generate(4, 64, 9);
        NetworkSpec spec = new CnnTrainer(TrainerConfig.defaults().withEpochs(1).withBatchSize(4))
                .fit(Architecture.demo(), few, few, TrainingListener.none()).network();
        assertMatches(spec, new Random(4));
    }

    private static void assertMatches(NetworkSpec spec, Random random) {
        byte[] tflite = NetworkSpecs.toFloatTflite(spec);
        int size = spec.height() * spec.width() * spec.channels();
        try (FloatTflite model = new FloatTflite(tflite)) {
            for (int n = 0; n < 5; n++) {
                float[] image = gaussian(random, size);
                float[] expected = FloatNetwork.predict(spec, image);
                float[] actual = model.run(image, expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("output %d of sample %d", i, n)
                            .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
                }
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * 0.5f;
        }
        return v;
    }

    /** TFLite's built-in float kernels without XNNPACK, the plainest runtime to compare with. */
    private static final class FloatTflite implements AutoCloseable {
        private final BytePointer bytes;
        private final FlatBufferModel model;
        private final BuiltinOpResolverWithoutDefaultDelegates resolver;
        private final InterpreterBuilder builder;
        private final Interpreter interpreter;

        FloatTflite(byte[] tflite) {
            bytes = new BytePointer(tflite.length);
            bytes.put(tflite);
            model = FlatBufferModel.BuildFromBuffer(bytes, tflite.length);
            resolver = new BuiltinOpResolverWithoutDefaultDelegates();
            builder = new InterpreterBuilder(model, resolver);
            interpreter = new Interpreter((Pointer) null);
            assertThat(builder.apply(interpreter)).isEqualTo(kTfLiteOk);
            assertThat(interpreter.AllocateTensors()).isEqualTo(kTfLiteOk);
        }

        float[] run(float[] input, int outputs) {
            new FloatPointer(interpreter.input_tensor(0).data().f()).capacity(input.length).put(input);
            assertThat(interpreter.Invoke()).isEqualTo(kTfLiteOk);
            float[] out = new float[outputs];
            assertThat(interpreter.output_tensor(0).bytes()).isEqualTo(4L * outputs);
            new FloatPointer(interpreter.output_tensor(0).data().f()).capacity(outputs).get(out);
            return out;
        }

        @Override
        public void close() {
            interpreter.close();
            builder.close();
            resolver.close();
            model.close();
            bytes.close();
        }
    }
}
