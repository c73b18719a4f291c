package io.intakeedge.quantization.agreement;

/** Running sums for one slice while the gate walks the samples. */
final class SliceTally {

    private int count;
    private int top1Agree;
    private int routeAgree;
    private int labelled;
    private int referenceCorrect;
    private int candidateCorrect;
    private int nonFinite;
    private int scoresCompared;
    private double absDiffSum;
    private double maxAbsDiff;

    void add(Comparison c) {
        count++;
        top1Agree += c.top1Agrees() ? 1 : 0;
        routeAgree += c.routeAgrees() ? 1 : 0;
        if (c.goldLabel() >= 0) {
            labelled++;
            referenceCorrect += c.referenceTop1() == c.goldLabel() ? 1 : 0;
            candidateCorrect += c.candidateTop1() == c.goldLabel() ? 1 : 0;
        }
        if (!c.finite()) {
            nonFinite++;
            return;
        }
        scoresCompared += c.absDiffs().length;
        for (double d : c.absDiffs()) {
            absDiffSum += d;
            maxAbsDiff = Math.max(maxAbsDiff, d);
        }
    }

    SliceAgreement result() {
        return new SliceAgreement(count, ratio(top1Agree, count),
                scoresCompared == 0 ? Double.NaN : absDiffSum / scoresCompared,
                scoresCompared == 0 ? Double.NaN : maxAbsDiff,
                ratio(routeAgree, count), labelled,
                labelled == 0 ? null : ratio(referenceCorrect, labelled),
                labelled == 0 ? null : ratio(candidateCorrect, labelled),
                nonFinite);
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /**
     * One sample through both models. Top-1 is -1 for a model whose output was not finite, so it agrees with
     * nothing and is never correct.
     */
    record Comparison(int goldLabel, int referenceTop1, int candidateTop1, boolean top1Agrees,
                      boolean routeAgrees, boolean finite, double[] absDiffs) {
    }
}
