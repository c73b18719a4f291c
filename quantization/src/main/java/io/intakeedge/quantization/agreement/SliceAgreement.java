package io.intakeedge.quantization.agreement;

/**
 * How closely the candidate (INT8) model follows the reference (float) model on one slice of the samples.
 * Score differences are over every class score of every sample whose outputs were finite.
 *
 * @param count             samples in the slice
 * @param top1Agreement     fraction of samples where both models pick the same class
 * @param meanAbsDiff       mean |reference − candidate| over all class scores (NaN when no output was finite)
 * @param maxAbsDiff        largest |reference − candidate| of any class score
 * @param routeAgreement    fraction of samples routed the same way under the threshold (score ≥ threshold ⇒ escalate)
 * @param labelled          samples with a gold label
 * @param referenceAccuracy reference top-1 accuracy on the labelled samples; null when none is labelled
 * @param candidateAccuracy candidate top-1 accuracy on the labelled samples; null when none is labelled
 * @param nonFiniteOutputs  samples where either model returned NaN or infinity (counted as disagreeing)
 */
public record SliceAgreement(int count, double top1Agreement, double meanAbsDiff, double maxAbsDiff,
                             double routeAgreement, int labelled, Double referenceAccuracy,
                             Double candidateAccuracy, int nonFiniteOutputs) {
}
