package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.Layer.Activation;
import io.intakeedge.quantization.graph.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CnnTrainerTest {

    private static final Architecture SMALL = new Architecture("blob", 16, 16, 3, List.of(
            new Architecture.Conv(8, 3, 2, Activation.RELU),
            new Architecture.Conv(8, 3, 2, Activation.RELU),
            new Architecture.GlobalAveragePool(),
            new Architecture.Dense(2, Activation.NONE)),
            List.of("plain", "blob"));

    @Test
    void learnsToSeeADarkBlobOnHeldOutImages() {
        Dataset train = BlobImages.generate(400, 16, 1);
        Dataset heldOut = BlobImages.generate(200, 16, 2);
        List<EpochStats> log = new ArrayList<>();
        TrainedModel model = new CnnTrainer(TrainerConfig.defaults().withEpochs(15).withBatchSize(16))
                .fit(SMALL, train, heldOut, log::add);

        assertThat(log).hasSize(15).isEqualTo(model.history());
        assertThat(log.get(14).trainLoss()).isLessThan(log.get(0).trainLoss());
        // accuracy measured independently of the trainer, through the exported spec
        assertThat(accuracy(model.network(), heldOut)).isGreaterThan(0.95);
        assertThat(model.last().validationAccuracy()).isEqualTo(accuracy(model.network(), heldOut));
    }

    @Test
    void sameSeedGivesIdenticalWeightsWhateverTheThreadCount() {
        Dataset train = BlobImages.generate(48, 16, 3);
        Dataset empty = BlobImages.generate(0, 16, 4);
        TrainerConfig config = TrainerConfig.defaults().withEpochs(2).withBatchSize(8);
        TrainedModel one = new CnnTrainer(config.withThreads(1)).fit(SMALL, train, empty, TrainingListener.none());
        TrainedModel three = new CnnTrainer(config.withThreads(3)).fit(SMALL, train, empty, TrainingListener.none());
        TrainedModel otherSeed = new CnnTrainer(config.withSeed(7)).fit(SMALL, train, empty,
                TrainingListener.none());

        Layer.Conv2D first = (Layer.Conv2D) one.network().layers().get(0);
        assertThat(((Layer.Conv2D) three.network().layers().get(0)).weights()).containsExactly(first.weights());
        assertThat(three.last().trainLoss()).isEqualTo(one.last().trainLoss());
        assertThat(((Layer.Conv2D) otherSeed.network().layers().get(0)).weights()).isNotEqualTo(first.weights());
        assertThat(one.last().validationAccuracy()).isNaN();
    }

    @Test
    void exportsTheDemoArchitectureAsASoftmaxSpecThatMatchesTheTrainersForwardPass() {
        Architecture demo = Architecture.demo();
        Dataset few = BlobImages.generate(4, 64, 5);
        TrainedModel model = new CnnTrainer(TrainerConfig.defaults().withEpochs(1).withBatchSize(4))
                .fit(demo, few, few, TrainingListener.none());
        NetworkSpec spec = model.network();

        assertThat(spec.labels()).containsExactly("intact", "damaged");
        assertThat(spec.height()).isEqualTo(64);
        assertThat(spec.layers()).hasSize(6);
        assertThat(spec.layers().get(5)).isInstanceOf(Layer.Softmax.class);
        Layer.Conv2D conv2 = (Layer.Conv2D) spec.layers().get(1);
        assertThat(conv2.weights()).hasSize(32 * 3 * 3 * 16);
        assertThat(((Layer.Dense) spec.layers().get(4)).weights()).hasSize(2 * 32);

        // the trainer's HWIO kernels against the reference's OHWI reading of the export
        Network network = new Network(demo);
        float[] params = paramsOf(spec);
        for (float[] image : few.images()) {
            float[][] acts = network.forward(params, image);
            float[] trainer = Network.softmax(acts[acts.length - 1]);
            float[] reference = FloatNetwork.predict(spec, image);
            assertThat(reference[0]).isCloseTo(trainer[0], within(1e-5f));
            assertThat(reference[1]).isCloseTo(trainer[1], within(1e-5f));
        }
    }

    @Test
    void rejectsMismatchedImagesAndLabels() {
        CnnTrainer trainer = new CnnTrainer(TrainerConfig.defaults().withEpochs(1));
        Dataset wrongSize = BlobImages.generate(4, 8, 1);
        assertThatThrownBy(() -> trainer.fit(SMALL, wrongSize, wrongSize, TrainingListener.none()))
                .hasMessageContaining("8x8x3").hasMessageContaining("16x16x3");
        Dataset badLabel = new Dataset(16, 16, 3, List.of(new float[16 * 16 * 3]), new int[] {2});
        assertThatThrownBy(() -> trainer.fit(SMALL, badLabel, badLabel, TrainingListener.none()))
                .hasMessageContaining("label 2");
        assertThatThrownBy(() -> new Architecture("x", 8, 8, 3, List.of(new Architecture.Dense(3, Activation.NONE)),
                List.of("a", "b"))).hasMessageContaining("Dense(2 units");
    }

    @Test
    void stepSizeFollowsACosineFromFullRateDownToFivePercent() {
        CnnTrainer cosine = new CnnTrainer(TrainerConfig.defaults().withLearningRate(0.002f));
        // 0.002 at the start, floor 0.0001 at the end, halfway 0.0001 + 0.0019 / 2 = 0.00105
        assertThat(cosine.learningRate(0, 100)).isCloseTo(0.002, within(1e-9));
        assertThat(cosine.learningRate(50, 100)).isCloseTo(0.00105, within(1e-9));
        assertThat(cosine.learningRate(100, 100)).isCloseTo(0.0001, within(1e-9));
        CnnTrainer constant = new CnnTrainer(TrainerConfig.defaults().withLearningRate(0.002f).withCosineDecay(false));
        assertThat(constant.learningRate(70, 100)).isCloseTo(0.002, within(1e-9));
    }

    @Test
    void mirrorsImagesLeftRight() {
        // 1 row, 3 pixels, 2 channels
        float[] image = {1, 2, 3, 4, 5, 6};
        assertThat(CnnTrainer.mirror(image, 3, 2)).containsExactly(5, 6, 3, 4, 1, 2);
    }

    /** Rebuilds the trainer's flat HWIO parameter vector from an exported spec. */
    private static float[] paramsOf(NetworkSpec spec) {
        List<Float> values = new ArrayList<>();
        int inChannels = spec.channels();
        for (Layer layer : spec.layers()) {
            if (layer instanceof Layer.Conv2D c) {
                int patch = c.kernel() * c.kernel() * inChannels;
                for (int j = 0; j < patch; j++) {
                    for (int o = 0; o < c.filters(); o++) {
                        values.add(c.weights()[o * patch + j]);
                    }
                }
                for (float b : c.bias()) {
                    values.add(b);
                }
                inChannels = c.filters();
            } else if (layer instanceof Layer.Dense d) {
                for (float w : d.weights()) {
                    values.add(w);
                }
                for (float b : d.bias()) {
                    values.add(b);
                }
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static double accuracy(NetworkSpec spec, Dataset data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (FloatNetwork.argmax(FloatNetwork.predict(spec, data.images().get(i))) == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }
}
