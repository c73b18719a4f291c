package io.intakeedge.quantization.builder;

import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader refuses a graph the builder can write but TFLite would abort on: a node whose output nothing reads. */
class DeadBranchModelTest {

    @Test
    void rejectsANodeWhoseOutputNothingReadsBeforeTfliteCanAbortOnIt() {
        var b = new TfliteGraphBuilder("dead branch");
        var in = b.input("in", 1, 4);
        var fc = b.fullyConnected("fc", in, 2, FusedActivation.NONE,
                new float[8], new float[2]);
        b.logistic("dangling", fc); // nobody reads this
        byte[] model = b.toFloatTflite(b.softmax("out", fc));
        assertThatThrownBy(() -> ModelLoader.defaults().load(model, "dead.tflite"))
                .isInstanceOf(ModelException.class).hasMessageContaining("no node reads");
    }
}
