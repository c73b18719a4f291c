package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Test helper: the float model with every constant replaced by the value its int8/int32 counterpart in the quantized
 * model stands for. Run on int8-representable inputs, it differs from the INT8 model only by activation rounding, so
 * it checks the quantizer's arithmetic (scales, zero points, bias scales) apart from the weight rounding that int8
 * weights cost by definition. Needs an INT8-input/INT8-output model (tensor indices line up).
 */
final class WeightQuantizedReference {

    private WeightQuantizedReference() {
    }

    static byte[] of(byte[] floatModel, byte[] int8Model) {
        ModelT f = ModelT.deserializeFromBinary(floatModel);
        ModelT q = ModelT.deserializeFromBinary(int8Model);
        TensorT[] ft = f.getSubgraphs()[0].getTensors();
        TensorT[] qt = q.getSubgraphs()[0].getTensors();
        for (int i = 0; i < ft.length; i++) {
            BufferT fb = f.getBuffers()[(int) ft[i].getBuffer()];
            if (ft[i].getType() != TensorType.FLOAT32 || fb.getData().length == 0) {
                continue;
            }
            f.getBuffers()[(int) ft[i].getBuffer()] = TfliteBuffers.ofFloats(dequantize(q, qt[i]));
        }
        return TfliteBuffers.serialize(f);
    }

    private static float[] dequantize(ModelT model, TensorT t) {
        QuantizationParametersT p = t.getQuantization();
        float[] scales = p.getScale();
        long[] zeroPoints = p.getZeroPoint();
        int[] shape = t.getShape();
        int axis = p.getQuantizedDimension();
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        BufferT buffer = model.getBuffers()[(int) t.getBuffer()];
        int[] values = t.getType() == TensorType.INT32 ? TfliteBuffers.toInts(buffer) : signedBytes(buffer);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = scales.length == 1 ? 0 : (i / inner) % shape[axis];
            out[i] = scales[c] * (values[i] - zeroPoints[c]);
        }
        return out;
    }

    private static int[] signedBytes(BufferT buffer) {
        int[] data = buffer.getData();
        int[] v = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            v[i] = (byte) data[i];
        }
        return v;
    }
}
