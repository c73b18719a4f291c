package io.intakeedge.quantization.tensor;

/**
 * Per-tensor affine quantization as TFLite defines it: {@code real = scale × (q − zeroPoint)}.
 * {@link ElementType#FLOAT32} stands for "not quantized": dequantizing is the identity and quantizing is refused.
 *
 * @param scale     positive, finite step size (1 for FLOAT32)
 * @param zeroPoint the integer that represents real 0; within the type's range
 * @param type      INT8, UINT8, INT16, INT32 or FLOAT32
 */
public record QuantParams(float scale, int zeroPoint, ElementType type) {

    public QuantParams {
        if (type != ElementType.FLOAT32 && !type.isQuantizable()) {
            throw new IllegalArgumentException("quantization type must be an integer type or FLOAT32, not " + type);
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("quantization scale must be positive and finite, was " + scale);
        }
        if (type.isQuantizable() && (zeroPoint < type.minValue() || zeroPoint > type.maxValue())) {
            throw new IllegalArgumentException("zero point " + zeroPoint + " outside the " + type + " range");
        }
    }

    /** Not quantized: a float tensor. */
    public static QuantParams float32() {
        return new QuantParams(1f, 0, ElementType.FLOAT32);
    }

    /**
     * Asymmetric parameters covering [min, max] (widened to include 0 so that 0 is exact, as TFLite requires),
     * with the zero point rounded and clamped into the type's range.
     */
    public static QuantParams fromRange(float min, float max, ElementType type) {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        double qmin = type.minValue();
        double qmax = type.maxValue();
        float scale = hi > lo ? (float) ((hi - lo) / (qmax - qmin)) : 1f;
        long zp = roundHalfAwayFromZero(qmin - lo / scale);
        zp = Math.max((long) qmin, Math.min((long) qmax, zp));
        return new QuantParams(scale, (int) zp, type);
    }

    public boolean isQuantized() {
        return type != ElementType.FLOAT32;
    }

    /** {@code clamp(round(x / scale) + zeroPoint)} with rounding half away from zero, as TFLite's reference kernels. */
    public int quantize(float x) {
        if (!isQuantized()) {
            throw new IllegalStateException("a FLOAT32 tensor is not quantized");
        }
        if (Float.isNaN(x)) {
            throw new IllegalArgumentException("cannot quantize NaN");
        }
        long q = roundHalfAwayFromZero(x / scale) + zeroPoint;
        return (int) Math.max(type.minValue(), Math.min(type.maxValue(), q));
    }

    /** {@code scale × (q − zeroPoint)}; identity for FLOAT32. */
    public float dequantize(int q) {
        return isQuantized() ? scale * (q - zeroPoint) : q;
    }

    /** Quantizes into raw tensor bytes of an INT8 or UINT8 tensor. */
    public byte[] quantizeToBytes(float[] values) {
        requireByteType();
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) quantize(values[i]);
        }
        return out;
    }

    /** Dequantizes raw tensor bytes of an INT8 or UINT8 tensor. */
    public float[] dequantize(byte[] raw) {
        requireByteType();
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = dequantize(type == ElementType.UINT8 ? raw[i] & 0xFF : raw[i]);
        }
        return out;
    }

    private void requireByteType() {
        if (type != ElementType.INT8 && type != ElementType.UINT8) {
            throw new IllegalStateException("byte conversion needs an INT8 or UINT8 tensor, not " + type);
        }
    }

    // Java's Math.round rounds halves up (-2.5 -> -2); TFLite uses std::round (-2.5 -> -3).
    static long roundHalfAwayFromZero(double v) {
        return (long) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5));
    }
}
