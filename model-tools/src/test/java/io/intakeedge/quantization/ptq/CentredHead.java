package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

import java.util.Arrays;
import java.util.List;

/**
 * Test helper: makes a random-weight classifier discriminative. Without training, the pooled features of every image
 * share a large positive mean, so one class wins for all inputs and a top-1 agreement figure would mean nothing.
 * Subtracting {@code W · mean(features)} from the dense bias (the mean taken over reference images) centres the logits
 * so the winning class depends on the image.
 */
final class CentredHead {

    private CentredHead() {
    }

    /**
     * @param floatModel  model whose dense layer reads tensor {@code featuresName} and writes {@code logitsName}
     * @param images      reference inputs for the feature mean
     */
    static byte[] centre(byte[] floatModel, String featuresName, String logitsName, List<float[]> images) {
        ModelT model = ModelT.deserializeFromBinary(floatModel);
        SubGraphT g = model.getSubgraphs()[0];
        int features = indexOf(g, featuresName);
        ModelT probe = ModelT.deserializeFromBinary(floatModel);
        // features as an extra output: a model whose last nodes feed nothing crashes TFLite
        probe.getSubgraphs()[0].setOutputs(new int[] {g.getOutputs()[0], features});
        float[] mean = null;
        try (ModelRunner runner = new ModelRunner(TfliteBuffers.serialize(probe), 2)) {
            for (float[] image : images) {
                runner.run(image);
                float[] f = runner.output(1);
                if (mean == null) {
                    mean = new float[f.length];
                }
                for (int i = 0; i < f.length; i++) {
                    mean[i] += f[i] / images.size();
                }
            }
        }
        TensorT weights = g.getTensors()[indexOf(g, logitsName + "/weights")];
        TensorT bias = g.getTensors()[indexOf(g, logitsName + "/bias")];
        float[] w = TfliteBuffers.toFloats(model.getBuffers()[(int) weights.getBuffer()]);
        float[] b = TfliteBuffers.toFloats(model.getBuffers()[(int) bias.getBuffer()]);
        for (int c = 0; c < b.length; c++) {
            for (int i = 0; i < mean.length; i++) {
                b[c] -= w[c * mean.length + i] * mean[i];
            }
        }
        model.getBuffers()[(int) bias.getBuffer()] = TfliteBuffers.ofFloats(b);
        return TfliteBuffers.serialize(model);
    }

    private static int indexOf(SubGraphT g, String name) {
        TensorT[] tensors = g.getTensors();
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no tensor " + name + " in " + Arrays.stream(tensors)
                .map(TensorT::getName).toList());
    }
}
