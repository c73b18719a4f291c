/**
 * The agreement gate: does an INT8 model decide like the float model it was made from, overall and on each slice
 * (dark frames, one camera)? {@link io.intakeedge.quantization.agreement.AgreementGate} runs both models over
 * {@link io.intakeedge.quantization.agreement.LabelledSample}s and returns an
 * {@link io.intakeedge.quantization.agreement.AgreementReport} with a pass/fail verdict against limits and a JSON
 * form for bundle tooling.
 */
package io.intakeedge.quantization.agreement;
