package io.intakeedge.quantization.model;

import io.intakeedge.quantization.tensor.ElementType;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

/**
 * Semantic checks the FlatBuffers verifier cannot make (it only proves the offsets stay inside the file): every index
 * points at something that exists, shapes and sizes are sane, operator codes are known, quantization parameters fit
 * their tensor. The TFLite interpreter trusts much of this and can crash on a crafted file otherwise.
 */
final class StructureCheck {
    static final int SCHEMA_VERSION = 3;
    private static final int MAX_RANK = 8;
    /** No tensor of an edge classifier comes near 1 GiB; larger sizes are crafted or overflow. */
    private static final long MAX_TENSOR_BYTES = 1L << 30;

    private StructureCheck() {
    }

    static void check(Model model) throws ModelException {
        if (model.version() != SCHEMA_VERSION) {
            throw new ModelException("schema version " + model.version() + " is not the supported version "
                    + SCHEMA_VERSION);
        }
        if (model.subgraphsLength() < 1) {
            throw new ModelException("model has no subgraph");
        }
        if (model.buffersLength() < 1) {
            throw new ModelException("model has no buffers (buffer 0 must be the empty sentinel)");
        }
        checkOperatorCodes(model);
        for (int s = 0; s < model.subgraphsLength(); s++) {
            checkSubgraph(model, s);
        }
        for (int m = 0; m < model.metadataLength(); m++) {
            long buffer = model.metadata(m).buffer();
            if (buffer < 0 || buffer >= model.buffersLength()) {
                throw new ModelException("metadata entry " + m + " points at buffer " + buffer + " of "
                        + model.buffersLength());
            }
        }
    }

    private static void checkOperatorCodes(Model model) throws ModelException {
        for (int i = 0; i < model.operatorCodesLength(); i++) {
            OperatorCode code = model.operatorCodes(i);
            int builtin = SchemaReader.builtinCode(code);
            if (builtin < 0 || builtin > SchemaReader.MAX_KNOWN_BUILTIN) {
                throw new ModelException("operator code " + i + " has unknown builtin code " + builtin);
            }
            if (code.version() < 1) {
                throw new ModelException("operator code " + i + " (" + SchemaReader.operatorName(code)
                        + ") has invalid version " + code.version());
            }
        }
    }

    private static void checkSubgraph(Model model, int s) throws ModelException {
        SubGraph sg = model.subgraphs(s);
        int tensors = sg.tensorsLength();
        String where = "subgraph " + s;
        for (int t = 0; t < tensors; t++) {
            checkTensor(model, sg.tensors(t), where + " tensor " + t);
        }
        if (s == 0 && (sg.inputsLength() == 0 || sg.outputsLength() == 0)) {
            throw new ModelException("main subgraph has " + sg.inputsLength() + " inputs and " + sg.outputsLength()
                    + " outputs; a classifier needs at least one of each");
        }
        for (int i = 0; i < sg.inputsLength(); i++) {
            requireIndex(sg.inputs(i), tensors, where + " input " + i);
        }
        for (int i = 0; i < sg.outputsLength(); i++) {
            requireIndex(sg.outputs(i), tensors, where + " output " + i);
        }
        for (int o = 0; o < sg.operatorsLength(); o++) {
            Operator op = sg.operators(o);
            String opWhere = where + " operator " + o;
            if (op.opcodeIndex() < 0 || op.opcodeIndex() >= model.operatorCodesLength()) {
                throw new ModelException(opWhere + " uses operator code " + op.opcodeIndex() + " of "
                        + model.operatorCodesLength());
            }
            for (int i = 0; i < op.inputsLength(); i++) {
                if (op.inputs(i) != -1) { // -1 marks an omitted optional input
                    requireIndex(op.inputs(i), tensors, opWhere + " input " + i);
                }
            }
            for (int i = 0; i < op.outputsLength(); i++) {
                requireIndex(op.outputs(i), tensors, opWhere + " output " + i);
            }
        }
        checkNoDeadNodes(sg, where);
    }

    /**
     * A node whose outputs nobody reads makes TFLite 2.20 abort the whole process while preparing the graph (measured
     * with the post-training quantizer's models), so such a model is refused here, before the interpreter sees it.
     */
    private static void checkNoDeadNodes(SubGraph sg, String where) throws ModelException {
        java.util.Set<Integer> read = new java.util.HashSet<>();
        for (int i = 0; i < sg.outputsLength(); i++) {
            read.add(sg.outputs(i));
        }
        for (int o = 0; o < sg.operatorsLength(); o++) {
            Operator op = sg.operators(o);
            for (int i = 0; i < op.inputsLength(); i++) {
                read.add(op.inputs(i));
            }
        }
        for (int o = 0; o < sg.operatorsLength(); o++) {
            Operator op = sg.operators(o);
            boolean used = op.outputsLength() == 0;
            for (int i = 0; i < op.outputsLength() && !used; i++) {
                used = read.contains(op.outputs(i));
            }
            if (!used) {
                throw new ModelException(where + " operator " + o + ": no node reads its outputs");
            }
        }
    }

    private static void checkTensor(Model model, Tensor t, String where) throws ModelException {
        ElementType type = ElementType.fromSchema(t.type());
        if (type == ElementType.OTHER) {
            throw new ModelException(where + " has unsupported element type code " + t.type());
        }
        if (t.shapeLength() > MAX_RANK) {
            throw new ModelException(where + " has rank " + t.shapeLength() + " (max " + MAX_RANK + ")");
        }
        long elements = 1;
        for (int d = 0; d < t.shapeLength(); d++) {
            int dim = t.shape(d);
            if (dim < 0) {
                throw new ModelException(where + " has negative dimension " + dim);
            }
            elements *= dim;
            if (elements * Math.max(1, type.byteSize()) > MAX_TENSOR_BYTES) {
                throw new ModelException(where + " is larger than " + MAX_TENSOR_BYTES + " bytes");
            }
        }
        long buffer = t.buffer();
        if (buffer < 0 || buffer >= model.buffersLength()) {
            throw new ModelException(where + " points at buffer " + buffer + " of " + model.buffersLength());
        }
        int dataBytes = model.buffers((int) buffer).dataLength();
        if (dataBytes > 0 && type.byteSize() > 0 && dataBytes != elements * type.byteSize()) {
            throw new ModelException(where + " has " + dataBytes + " bytes of data but its shape needs "
                    + elements * type.byteSize());
        }
        checkQuantization(t, type, where);
    }

    private static void checkQuantization(Tensor t, ElementType type, String where) throws ModelException {
        QuantizationParameters q = t.quantization();
        if (q == null || q.scaleLength() == 0) {
            return;
        }
        if (q.zeroPointLength() != q.scaleLength()) {
            throw new ModelException(where + " has " + q.scaleLength() + " scales but " + q.zeroPointLength()
                    + " zero points");
        }
        for (int i = 0; i < q.scaleLength(); i++) {
            float scale = q.scale(i);
            if (!(scale > 0) || !Float.isFinite(scale)) {
                throw new ModelException(where + " has invalid quantization scale " + scale);
            }
            long zp = q.zeroPoint(i);
            if (type.isQuantizable() && (zp < type.minValue() || zp > type.maxValue())) {
                throw new ModelException(where + " has zero point " + zp + " outside the " + type + " range");
            }
        }
        if (q.scaleLength() > 1) {
            int dim = q.quantizedDimension();
            if (dim < 0 || dim >= t.shapeLength() || t.shape(dim) != q.scaleLength()) {
                throw new ModelException(where + " has " + q.scaleLength() + " per-channel scales along dimension "
                        + dim + " which does not match its shape");
            }
        }
    }

    private static void requireIndex(int index, int count, String where) throws ModelException {
        if (index < 0 || index >= count) {
            throw new ModelException(where + " refers to tensor " + index + " but the subgraph has " + count);
        }
    }
}
