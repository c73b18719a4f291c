package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.ConvPadding;
import io.intakeedge.quantization.builder.FusedActivation;
import io.intakeedge.quantization.builder.GraphTensor;
import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.builder.TfliteGraphBuilder;
import io.intakeedge.quantization.model.ModelException;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs the quantizer must refuse with a clear error instead of crashing or writing a partly float model. */
class QuantizerRejectsBadModelsTest {

    private final PostTrainingQuantizer quantizer = new PostTrainingQuantizer(QuantizationOptions.defaults());
    private final List<float[]> calibration = List.of(SyntheticImages.uniform(new Random(1), 64, -1, 1));

    @Test
    void unsupportedOperatorIsNamed() {
        ModelT model = ModelT.deserializeFromBinary(smallModel());
        // LOGISTIC becomes TANH: same signature, runs in float TFLite, has no rule here
        for (OperatorCodeT code : model.getOperatorCodes()) {
            if (TfliteBuffers.builtinCode(code) == BuiltinOperator.LOGISTIC) {
                code.setBuiltinCode(BuiltinOperator.TANH);
                code.setDeprecatedBuiltinCode((byte) BuiltinOperator.TANH);
            }
        }
        assertThatThrownBy(() -> quantizer.quantize(model.serializeToBinary(), calibration))
                .isInstanceOf(UnsupportedOperatorException.class)
                .hasMessageContaining("TANH")
                .satisfies(e -> assertThat(((UnsupportedOperatorException) e).operator()).isEqualTo("TANH"));
    }

    @Test
    void truncatedModelIsRejected() {
        byte[] model = smallModel();
        for (int cut : new int[] {0, 7, 20, model.length / 3, model.length - 9}) {
            assertThatThrownBy(() -> quantizer.quantize(Arrays.copyOf(model, cut), calibration))
                    .as("model cut at %d bytes", cut)
                    .isInstanceOf(ModelException.class)
                    .isNotInstanceOf(UnsupportedOperatorException.class);
        }
    }

    @Test
    void wrongIdentifierIsRejected() {
        byte[] model = smallModel();
        model[4] = 'X';
        assertThatThrownBy(() -> quantizer.quantize(model, calibration))
                .isInstanceOf(ModelException.class).hasMessageContaining("TFL3");
    }

    @Test
    void randomBytesAreRejected() {
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        garbage[4] = 'T';
        garbage[5] = 'F';
        garbage[6] = 'L';
        garbage[7] = '3';
        assertThatThrownBy(() -> quantizer.quantize(garbage, calibration)).isInstanceOf(ModelException.class);
    }

    @Test
    void corruptedTensorIndexIsRejected() {
        ModelT model = ModelT.deserializeFromBinary(smallModel());
        model.getSubgraphs()[0].getOperators()[0].setInputs(new int[] {0, 99, 2});
        assertThatThrownBy(() -> quantizer.quantize(model.serializeToBinary(), calibration))
                .isInstanceOf(ModelException.class).hasMessageContaining("tensor 99");
    }

    @Test
    void nodeWhoseResultNobodyReadsIsRejected() {
        // TFLite aborts the JVM on such a model; the check must catch it first
        ModelT model = ModelT.deserializeFromBinary(smallModel());
        model.getSubgraphs()[0].setOutputs(new int[] {model.getSubgraphs()[0].getOperators()[0].getOutputs()[0]});
        assertThatThrownBy(() -> quantizer.quantize(model.serializeToBinary(), calibration))
                .isInstanceOf(ModelException.class).hasMessageContaining("no node reads");
    }

    @Test
    void alreadyQuantizedModelIsRejected() throws Exception {
        byte[] int8 = quantizer.quantize(smallModel(), calibration).tflite();
        assertThatThrownBy(() -> quantizer.quantize(int8, calibration))
                .isInstanceOf(ModelException.class).hasMessageContaining("INT8");
    }

    @Test
    void calibrationMustMatchTheInput() {
        assertThatThrownBy(() -> quantizer.quantize(smallModel(), List.of(new float[10])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        assertThatThrownBy(() -> quantizer.quantize(smallModel(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    /** input [1,4,4,4] → conv → logistic. */
    static byte[] smallModel() {
        Random r = new Random(5);
        TfliteGraphBuilder b = new TfliteGraphBuilder("small");
        GraphTensor x = b.input("input", 1, 4, 4, 4);
        x = b.conv2d("conv", x, 2, 1, 1, ConvPadding.SAME, FusedActivation.NONE,
                SingleOperatorQuantizationTest.gaussian(r, 8, 0.5f), new float[2]);
        return b.toFloatTflite(b.logistic("score", x));
    }
}
