package io.intakeedge.agent.bundle;

/**
 * What a trace records about the bundle that decided: enough to find the exact model, preprocessing and labels.
 *
 * @param id            bundle id
 * @param version       bundle version
 * @param modelSha256   lower-case hex sha256 of the model file, verified at load
 * @param preprocessId  the pinned preprocessing's id
 * @param labelVersion  the label set's version
 * @param positiveLabel the label whose score is compared with the threshold
 */
public record BundleRef(String id, String version, String modelSha256, String preprocessId, String labelVersion,
                        String positiveLabel) {
}
