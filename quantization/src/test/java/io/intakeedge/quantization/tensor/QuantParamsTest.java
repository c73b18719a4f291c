package io.intakeedge.quantization.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantParamsTest {
    private final QuantParams int8 = new QuantParams(0.5f, -10, ElementType.INT8);

    @Test
    void roundsHalvesAwayFromZeroLikeTflite() {
        // 1.25 / 0.5 = 2.5 -> 3 ; -1.25 / 0.5 = -2.5 -> -3 (Java's Math.round would give -2)
        assertThat(int8.quantize(1.25f)).isEqualTo(3 - 10);
        assertThat(int8.quantize(-1.25f)).isEqualTo(-3 - 10);
        assertThat(int8.quantize(0.2f)).isEqualTo(-10);
    }

    @Test
    void saturatesToTheTypeRange() {
        assertThat(int8.quantize(1e6f)).isEqualTo(127);
        assertThat(int8.quantize(-1e6f)).isEqualTo(-128);
        QuantParams u8 = new QuantParams(1f / 255, 0, ElementType.UINT8);
        assertThat(u8.quantize(2f)).isEqualTo(255);
        assertThat(u8.quantize(-1f)).isZero();
    }

    @Test
    void dequantizeInvertsQuantizeWithinHalfAStep() {
        for (float x = -55; x <= 55; x += 0.37f) { // inside the representable range [-59, 68.5]
            assertThat(int8.dequantize(int8.quantize(x))).isCloseTo(x, org.assertj.core.data.Offset.offset(0.25f + 1e-6f));
        }
    }

    @Test
    void bytesRoundTripForSignedAndUnsignedTypes() {
        QuantParams u8 = new QuantParams(0.1f, 128, ElementType.UINT8);
        byte[] raw = u8.quantizeToBytes(new float[] {0f, 12.7f, -12.8f});
        assertThat(raw[0] & 0xFF).isEqualTo(128);
        assertThat(raw[1] & 0xFF).isEqualTo(255);
        assertThat(raw[2] & 0xFF).isEqualTo(0);
        assertThat(u8.dequantize(raw)).containsExactly(0f, 12.7f, -12.8f);
    }

    @Test
    void fromRangeMakesZeroExactAndCoversTheRange() {
        QuantParams q = QuantParams.fromRange(0f, 1f, ElementType.INT8);
        assertThat(q.scale()).isEqualTo(1f / 255);
        assertThat(q.zeroPoint()).isEqualTo(-128);
        QuantParams sym = QuantParams.fromRange(-2f, 6f, ElementType.INT8);
        assertThat(sym.dequantize(sym.quantize(0f))).isZero();
        assertThat(sym.dequantize(127)).isCloseTo(6f, org.assertj.core.data.Offset.offset(sym.scale()));
    }

    @Test
    void float32IsIdentityAndRefusesQuantize() {
        QuantParams f = QuantParams.float32();
        assertThat(f.dequantize(7)).isEqualTo(7f);
        assertThatThrownBy(() -> f.quantize(1f)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> new QuantParams(0f, 0, ElementType.INT8)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new QuantParams(Float.NaN, 0, ElementType.INT8)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new QuantParams(1f, 200, ElementType.INT8)).hasMessageContaining("zero point");
        assertThatThrownBy(() -> int8.quantize(Float.NaN)).hasMessageContaining("NaN");
    }
}
