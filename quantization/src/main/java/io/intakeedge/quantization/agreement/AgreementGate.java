package io.intakeedge.quantization.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a reference (float) and a candidate (INT8) model over the same labelled samples and measures how closely
 * the candidate follows: top-1 and route agreement, score differences and accuracy, overall and per slice. INT8
 * can lose accuracy on exactly the slices that matter (dark frames, a new camera), which the overall figures hide.
 *
 * <p>Runners return dequantized scores, one per class. A single-score (logistic) model is read as two classes:
 * index 0 has the score s and index 1 has 1 − s, so gold label 0 means "positive".
 */
public final class AgreementGate {

    /** How many disagreeing sample ids a report lists. */
    static final int MAX_LISTED_DISAGREEMENTS = 50;

    private final int positiveLabel;
    private final float threshold;

    /**
     * @param positiveLabel index of the class whose score routes a sample to escalation (e.g. "damaged")
     * @param threshold     the bundle's threshold: score ≥ threshold ⇒ escalate
     */
    public AgreementGate(int positiveLabel, float threshold) {
        if (positiveLabel < 0) {
            throw new IllegalArgumentException("positive label index must be >= 0, got " + positiveLabel);
        }
        if (!(threshold >= 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        this.positiveLabel = positiveLabel;
        this.threshold = threshold;
    }

    /** Compares the candidate with the reference on every sample. */
    public AgreementReport evaluate(List<LabelledSample> samples, Function<float[], float[]> reference,
                                    Function<float[], float[]> candidate) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the agreement gate needs at least one sample");
        }
        SliceTally overall = new SliceTally();
        Map<String, SliceTally> slices = new TreeMap<>();
        List<String> disagreeing = new ArrayList<>();
        for (LabelledSample sample : samples) {
            SliceTally.Comparison c = compare(sample, run(reference, sample, "reference"),
                    run(candidate, sample, "candidate"));
            overall.add(c);
            for (String slice : sample.slices()) {
                slices.computeIfAbsent(slice, s -> new SliceTally()).add(c);
            }
            if ((!c.top1Agrees() || !c.routeAgrees()) && disagreeing.size() < MAX_LISTED_DISAGREEMENTS) {
                disagreeing.add(sample.id());
            }
        }
        Map<String, SliceAgreement> sliceResults = new LinkedHashMap<>();
        slices.forEach((name, tally) -> sliceResults.put(name, tally.result()));
        return new AgreementReport(positiveLabel, threshold, overall.result(), sliceResults, disagreeing);
    }

    private static float[] run(Function<float[], float[]> model, LabelledSample sample, String which) {
        try {
            // each runner gets its own copy, so one model writing into its input cannot change the other's
            float[] out = model.apply(sample.input().clone());
            if (out == null || out.length == 0) {
                throw new IllegalStateException("returned no scores");
            }
            return out.length == 1 ? new float[] {out[0], 1f - out[0]} : out;
        } catch (RuntimeException e) {
            throw new IllegalStateException(which + " model failed on sample " + sample.id() + ": "
                    + e.getMessage(), e);
        }
    }

    private SliceTally.Comparison compare(LabelledSample sample, float[] ref, float[] cand) {
        if (ref.length != cand.length) {
            throw new IllegalArgumentException("sample " + sample.id() + ": reference gives " + ref.length
                    + " scores but candidate gives " + cand.length);
        }
        if (positiveLabel >= ref.length || sample.goldLabel() >= ref.length) {
            throw new IllegalArgumentException("sample " + sample.id() + ": models give " + ref.length
                    + " scores but positive label is " + positiveLabel + " and gold label " + sample.goldLabel());
        }
        boolean refFinite = finite(ref);
        boolean candFinite = finite(cand);
        int refTop1 = refFinite ? argmax(ref) : -1;
        int candTop1 = candFinite ? argmax(cand) : -1;
        boolean both = refFinite && candFinite;
        boolean routeAgrees = both && (ref[positiveLabel] >= threshold) == (cand[positiveLabel] >= threshold);
        double[] diffs = new double[ref.length];
        for (int i = 0; i < ref.length; i++) {
            diffs[i] = Math.abs((double) ref[i] - cand[i]);
        }
        return new SliceTally.Comparison(sample.goldLabel(), refTop1, candTop1, both && refTop1 == candTop1,
                routeAgrees, both, diffs);
    }

    private static boolean finite(float[] scores) {
        for (float s : scores) {
            if (!Float.isFinite(s)) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
