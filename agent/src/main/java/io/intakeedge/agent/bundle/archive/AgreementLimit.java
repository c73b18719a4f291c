package io.intakeedge.agent.bundle.archive;

import java.util.Objects;

/**
 * The INT8-vs-float agreement a quantized bundle must reach, and the report that shows it.
 *
 * @param file              the agreement report ({@code quantize}'s JSON), relative to the bundle directory
 * @param minTop1Agreement  lowest accepted overall top-1 agreement, 0..1
 * @param minRouteAgreement lowest accepted overall route agreement, 0..1
 */
public record AgreementLimit(String file, double minTop1Agreement, double minRouteAgreement) {
    public AgreementLimit {
        Objects.requireNonNull(file, "agreement.file");
        for (double v : new double[] {minTop1Agreement, minRouteAgreement}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("agreement limits must be in [0, 1], got " + v);
            }
        }
    }
}
