package io.intakeedge.quantization.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelInspectorTest {
    private static final TinyNet NET = new TinyNet(16, 16, 4, 2, true, 0f, 1f, 9);
    private final ModelInspector inspector = new ModelInspector();

    @Test
    void reportsOperatorsMacsXnnpackAndMetadataOfAnInt8Model() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8WithMetadata(NET, new float[] {0f},
                new float[] {255f}, List.of("intact", "damaged")), "tiny-int8");

        ModelReport report = inspector.inspect(model);

        assertThat(report.operators()).extracting(ModelReport.OperatorUse::name)
                .containsExactly("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX");
        assertThat(report.operators()).allSatisfy(op -> assertThat(op.count()).isEqualTo(1));
        // 8x8x4 outputs: conv 3x3x3 per output, depthwise 3x3 per output, FC 2 units x 256 inputs
        long expectedMacs = 8 * 8 * 4 * 27 + 8 * 8 * 4 * 9 + 2 * 256;
        assertThat(report.macs()).isEqualTo(expectedMacs);
        assertThat(report.floatNodes()).isEmpty();
        assertThat(report.xnnpackNodes()).isGreaterThanOrEqualTo(3);
        assertThat(report.nodes().subList(0, 3)).allSatisfy(n -> assertThat(n.xnnpack()).isTrue());
        assertThat(report.runtimeError()).isNull();
        assertThat(report.metadata().labels()).containsExactly("intact", "damaged");
        assertThat(report.tensors()).filteredOn(t -> t.name().equals("conv/w")).singleElement()
                .satisfies(t -> {
                    assertThat(t.quantization().isPerChannel()).isTrue();
                    assertThat(t.quantization().scales()).hasSize(4);
                    assertThat(t.constant()).isTrue();
                });
    }

    @Test
    void floatModelNodesAreReportedAsFloat() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.float32(NET), "tiny-float");
        ModelReport report = inspector.inspect(model);
        assertThat(report.floatNodes()).hasSize(4);
        assertThat(report.toText()).contains("4 node(s) compute in float");
    }

    @Test
    void jsonAndTextCarryTheFigures() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(NET, ElementType.UINT8), "tiny-uint8");
        ModelReport report = inspector.inspect(model);

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("sha256").asText()).isEqualTo(model.sha256());
        assertThat(json.get("macs").asLong()).isEqualTo(report.macs());
        assertThat(json.get("inputs").get(0).get("type").asText()).isEqualTo("UINT8");
        assertThat(json.get("operators").get(0).get("name").asText()).isEqualTo("QUANTIZE");
        assertThat(json.get("nodes")).hasSize(5);

        String text = report.toText();
        assertThat(text).contains("QUANTIZE", "CONV_2D", "XNNPACK   takes", "MACs", model.sha256(),
                "per-channel x4");
    }

    @Test
    void modelTfliteCannotOpenStillGetsAStructuralReport() throws Exception {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(TinyNetWriter.int8(NET, ElementType.INT8))).unpack();
        m.getOperatorCodes()[0].setVersion(99); // no CONV_2D kernel has version 99
        LoadedModel model = ModelLoader.defaults().load(m.serializeToBinary(), "conv-v99");

        assertThatThrownBy(() -> TfliteInterpreter.open(model, RuntimeOptions.defaults()))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot build an interpreter");
        ModelReport report = inspector.inspect(model);
        assertThat(report.runtimeError()).contains("cannot build an interpreter");
        assertThat(report.xnnpackNodes()).isEqualTo(-1);
        assertThat(report.operators()).extracting(ModelReport.OperatorUse::version).contains(99);
        assertThat(report.toText()).contains("TFLite cannot open this model");
    }
}
