package io.intakeedge.quantization.testmodels;

import com.google.flatbuffers.FlatBufferBuilder;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import org.tensorflow.lite.schema.*;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileT;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptionsT;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptionsUnion;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes a {@link TinyNet} as a float32 or INT8 (int8 or uint8 input) .tflite with the schema object API. */
public final class TinyNetWriter {
    private final TinyNet net;
    private final List<TensorT> tensors = new ArrayList<>();
    private final List<BufferT> buffers = new ArrayList<>();
    private final List<OperatorCodeT> codes = new ArrayList<>();
    private final List<OperatorT> ops = new ArrayList<>();
    private boolean quantized;

    private TinyNetWriter(TinyNet net) {
        this.net = net;
    }

    public static byte[] float32(TinyNet net) {
        return new TinyNetWriter(net).build(false, ElementType.FLOAT32, null, null).serializeToBinary();
    }

    /** Fully INT8 model; {@code inputType} INT8 or UINT8 (UINT8 adds a QUANTIZE op, as the TFLite converter does). */
    public static byte[] int8(TinyNet net, ElementType inputType) {
        return new TinyNetWriter(net).build(true, inputType, null, null).serializeToBinary();
    }

    /** INT8 model with TFLite Support metadata: normalization on the input, a label file on the output. */
    public static byte[] int8WithMetadata(TinyNet net, float[] mean, float[] std, List<String> labels) {
        return int8WithMetadata(net, mean, std, labels, false);
    }

    /** As above; {@code deflateLabels} stores the label file compressed, which TFLite Support cannot read. */
    public static byte[] int8WithMetadata(TinyNet net, float[] mean, float[] std, List<String> labels,
                                          boolean deflateLabels) {
        TinyNetWriter w = new TinyNetWriter(net);
        ModelT model = w.build(true, ElementType.INT8, metadata(mean, std), "labels.txt");
        byte[] flatbuffer = model.serializeToBinary();
        return appendZip(flatbuffer, "labels.txt", String.join("\n", labels) + "\n", deflateLabels);
    }

    private ModelT build(boolean quantized, ElementType inputType, byte[] metadata, String labelFile) {
        this.quantized = quantized;
        buffers.add(new BufferT()); // buffer 0: the empty sentinel
        int h = net.outHeight();
        int w = net.outWidth();
        int f = net.filters;
        int input;
        int x;
        if (inputType == ElementType.UINT8) {
            QuantParams in = net.inputQ;
            input = activation("input", TensorType.UINT8, new int[] {1, net.height, net.width, 3},
                    new QuantParams(in.scale(), in.zeroPoint() + 128, ElementType.UINT8));
            x = activation("input_int8", TensorType.INT8, new int[] {1, net.height, net.width, 3}, in);
            op(BuiltinOperator.QUANTIZE, 2, new int[] {input}, x, BuiltinOptions.NONE, null);
        } else {
            input = activation("input", quantized ? TensorType.INT8 : TensorType.FLOAT32,
                    new int[] {1, net.height, net.width, 3}, net.inputQ);
            x = input;
        }
        int y = activation("conv/out", act(), new int[] {1, h, w, f}, net.convQ);
        op(BuiltinOperator.CONV_2D, 3, new int[] {x, weights("conv/w", new int[] {f, 3, 3, 3}, net.convW,
                net.convWScale, 0), bias("conv/b", net.convB, net.convBq, net.inputQ.scale(), net.convWScale)},
                y, BuiltinOptions.Conv2DOptions, convOptions(2));
        x = y;
        if (net.depthwise) {
            y = activation("dw/out", act(), new int[] {1, h, w, f}, net.dwQ);
            DepthwiseConv2DOptionsT dw = new DepthwiseConv2DOptionsT();
            dw.setPadding(Padding.SAME);
            dw.setStrideH(1);
            dw.setStrideW(1);
            dw.setDepthMultiplier(1);
            dw.setDilationHFactor(1);
            dw.setDilationWFactor(1);
            dw.setFusedActivationFunction(ActivationFunctionType.RELU);
            op(BuiltinOperator.DEPTHWISE_CONV_2D, 3, new int[] {x, weights("dw/w", new int[] {1, 3, 3, f}, net.dwW,
                    net.dwWScale, 3), bias("dw/b", net.dwB, net.dwBq, net.convQ.scale(), net.dwWScale)},
                    y, BuiltinOptions.DepthwiseConv2DOptions, dw);
            x = y;
        }
        QuantParams fcIn = net.depthwise ? net.dwQ : net.convQ;
        int logits = activation("logits", act(), new int[] {1, net.classes}, net.logitQ);
        FullyConnectedOptionsT fc = new FullyConnectedOptionsT();
        fc.setFusedActivationFunction(ActivationFunctionType.NONE);
        op(BuiltinOperator.FULLY_CONNECTED, 4, new int[] {x, weights("fc/w", new int[] {net.classes,
                net.featureCount()}, net.fcW, net.fcWScale, 0), bias("fc/b", net.fcB, net.fcBq, fcIn.scale(),
                net.fcWScale)}, logits, BuiltinOptions.FullyConnectedOptions, fc);
        QuantParams prob = new QuantParams(1f / 256, -128, ElementType.INT8);
        int probs = activation("probs", act(), new int[] {1, net.classes}, prob);
        if (net.classes == 1) {
            op(BuiltinOperator.LOGISTIC, 2, new int[] {logits}, probs, BuiltinOptions.NONE, null);
        } else {
            SoftmaxOptionsT so = new SoftmaxOptionsT();
            so.setBeta(1f);
            op(BuiltinOperator.SOFTMAX, 2, new int[] {logits}, probs, BuiltinOptions.SoftmaxOptions, so);
        }
        SubGraphT sg = new SubGraphT();
        sg.setName("main");
        sg.setTensors(tensors.toArray(new TensorT[0]));
        sg.setInputs(new int[] {input});
        sg.setOutputs(new int[] {probs});
        sg.setOperators(ops.toArray(new OperatorT[0]));
        ModelT m = new ModelT();
        m.setVersion(3);
        m.setDescription("tiny test classifier");
        m.setOperatorCodes(codes.toArray(new OperatorCodeT[0]));
        m.setSubgraphs(new SubGraphT[] {sg});
        if (metadata != null) {
            MetadataT md = new MetadataT();
            md.setName("TFLITE_METADATA");
            md.setBuffer(addBuffer(metadata));
            m.setMetadata(new MetadataT[] {md});
        }
        m.setBuffers(buffers.toArray(new BufferT[0]));
        return m;
    }

    private byte act() {
        return quantized ? TensorType.INT8 : TensorType.FLOAT32;
    }

    private static Conv2DOptionsT convOptions(int stride) {
        Conv2DOptionsT co = new Conv2DOptionsT();
        co.setPadding(Padding.SAME);
        co.setStrideH(stride);
        co.setStrideW(stride);
        co.setDilationHFactor(1);
        co.setDilationWFactor(1);
        co.setFusedActivationFunction(ActivationFunctionType.RELU);
        return co;
    }

    private int activation(String name, byte type, int[] shape, QuantParams q) {
        boolean isQuantized = type != TensorType.FLOAT32;
        return tensor(name, type, shape, 0, isQuantized ? quant(new float[] {q.scale()},
                new long[] {q.zeroPoint()}, 0) : null);
    }

    private int weights(String name, int[] shape, float[] w, float[] scales, int channelDim) {
        if (!quantized) {
            return tensor(name, TensorType.FLOAT32, shape, addBuffer(floatBytes(w)), null);
        }
        int channels = scales.length;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = channels == 1 ? 0 : channelDim == 0 ? i / (w.length / channels) : i % channels;
            q[i] = (byte) Math.round(w[i] / scales[c]);
        }
        return tensor(name, TensorType.INT8, shape, addBuffer(q), quant(scales.clone(), new long[channels], channelDim));
    }

    private int bias(String name, float[] b, int[] bq, float inputScale, float[] weightScales) {
        if (!quantized) {
            return tensor(name, TensorType.FLOAT32, new int[] {b.length}, addBuffer(floatBytes(b)), null);
        }
        float[] scales = new float[b.length];
        for (int c = 0; c < b.length; c++) {
            scales[c] = TinyNet.biasScale(inputScale, weightScales, c);
        }
        boolean perChannel = weightScales.length > 1;
        return tensor(name, TensorType.INT32, new int[] {b.length}, addBuffer(intBytes(bq)),
                perChannel ? quant(scales, new long[b.length], 0) : quant(new float[] {scales[0]}, new long[1], 0));
    }

    private int tensor(String name, byte type, int[] shape, int buffer, QuantizationParametersT q) {
        TensorT t = new TensorT();
        t.setName(name);
        t.setType(type);
        t.setShape(shape);
        t.setBuffer(buffer);
        t.setQuantization(q);
        tensors.add(t);
        return tensors.size() - 1;
    }

    private static QuantizationParametersT quant(float[] scale, long[] zp, int dim) {
        QuantizationParametersT p = new QuantizationParametersT();
        p.setScale(scale);
        p.setZeroPoint(zp);
        p.setQuantizedDimension(dim);
        return p;
    }

    private void op(int builtin, int version, int[] inputs, int output, byte optionsType, Object options) {
        int index = -1;
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).getBuiltinCode() == builtin) {
                index = i;
            }
        }
        if (index < 0) {
            OperatorCodeT oc = new OperatorCodeT();
            oc.setBuiltinCode(builtin);
            oc.setDeprecatedBuiltinCode((byte) Math.min(builtin, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
            oc.setVersion(version);
            codes.add(oc);
            index = codes.size() - 1;
        }
        OperatorT o = new OperatorT();
        o.setOpcodeIndex(index);
        o.setInputs(inputs);
        o.setOutputs(new int[] {output});
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(optionsType);
        u.setValue(options);
        o.setBuiltinOptions(u);
        ops.add(o);
    }

    private int addBuffer(byte[] data) {
        BufferT b = new BufferT();
        int[] u = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            u[i] = data[i] & 0xFF;
        }
        b.setData(u);
        buffers.add(b);
        return buffers.size() - 1;
    }

    private static byte[] floatBytes(float[] v) {
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToIntBits(v[i]);
        }
        return intBytes(bits);
    }

    private static byte[] intBytes(int[] v) {
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            b[4 * i] = (byte) v[i];
            b[4 * i + 1] = (byte) (v[i] >> 8);
            b[4 * i + 2] = (byte) (v[i] >> 16);
            b[4 * i + 3] = (byte) (v[i] >> 24);
        }
        return b;
    }

    private static byte[] metadata(float[] mean, float[] std) {
        NormalizationOptionsT norm = new NormalizationOptionsT();
        norm.setMean(mean);
        norm.setStd(std);
        ProcessUnitOptionsUnion options = new ProcessUnitOptionsUnion();
        options.setType(ProcessUnitOptions.NormalizationOptions);
        options.setValue(norm);
        ProcessUnitT unit = new ProcessUnitT();
        unit.setOptions(options);
        TensorMetadataT input = new TensorMetadataT();
        input.setName("image");
        input.setProcessUnits(new ProcessUnitT[] {unit});
        AssociatedFileT labels = new AssociatedFileT();
        labels.setName("labels.txt");
        labels.setType(AssociatedFileType.TENSOR_AXIS_LABELS);
        TensorMetadataT output = new TensorMetadataT();
        output.setName("probability");
        output.setAssociatedFiles(new AssociatedFileT[] {labels});
        SubGraphMetadataT sg = new SubGraphMetadataT();
        sg.setInputTensorMetadata(new TensorMetadataT[] {input});
        sg.setOutputTensorMetadata(new TensorMetadataT[] {output});
        ModelMetadataT md = new ModelMetadataT();
        md.setName("tiny parcel classifier");
        md.setVersion("v1");
        md.setMinParserVersion("1.0.0");
        md.setSubgraphMetadata(new SubGraphMetadataT[] {sg});
        FlatBufferBuilder b = new FlatBufferBuilder();
        ModelMetadata.finishModelMetadataBuffer(b, ModelMetadata.pack(b, md));
        return b.sizedByteArray();
    }

    /** Makes a one-entry zip's offsets count from the start of the model file (java.util.zip counts from 0). */
    private static byte[] shiftZipOffsets(byte[] zip, int shift) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22; // end-of-central-directory record, no comment
        int centralDir = b.getInt(eocd + 16);
        b.putInt(eocd + 16, centralDir + shift);
        b.putInt(centralDir + 42, b.getInt(centralDir + 42) + shift);
        return zip;
    }

    // TFLite Support keeps associated files in a zip appended to the flatbuffer, offsets counted from the file start.
    private static byte[] appendZip(byte[] flatbuffer, String name, String content, boolean deflate) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(flatbuffer);
            ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
                byte[] data = content.getBytes(StandardCharsets.UTF_8);
                ZipEntry entry = new ZipEntry(name);
                if (!deflate) {
                    entry.setMethod(ZipEntry.STORED); // TFLite Support reads associated files uncompressed
                    entry.setSize(data.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(data);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
            out.write(shiftZipOffsets(zipBytes.toByteArray(), flatbuffer.length));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
