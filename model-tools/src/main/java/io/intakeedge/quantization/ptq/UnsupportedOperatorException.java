package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.model.ModelException;

/**
 * The float model uses an operator (or an operator variant) that the quantizer cannot make INT8. Quantization stops:
 * a partly float model would run slower and pass for INT8 when it is not.
 */
public class UnsupportedOperatorException extends ModelException {

    private final String operator;

    public UnsupportedOperatorException(String operator, String detail) {
        super("cannot quantize operator " + operator + ": " + detail);
        this.operator = operator;
    }

    /** The operator's TFLite name, e.g. {@code TANH}, or the custom code of a custom operator. */
    public String operator() {
        return operator;
    }
}
