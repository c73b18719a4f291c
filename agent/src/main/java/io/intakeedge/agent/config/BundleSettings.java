package io.intakeedge.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bundles:} in station.yaml: the bundle lifecycle (docs/mqtt.md, "Bundle lifecycle"). Off unless
 * {@code trusted_keys} names at least one bundle-signing public key; then bundles live under
 * {@code {data_dir}/bundles} and the configured {@code bundle:} is only the first one.
 *
 * @param trustedKeys   PEM public keys whose signature a bundle archive must carry ({@code bundle-signing.pub})
 * @param operatorKeys  PEM public keys whose signature a promote/rollback/cancel command must carry; without any,
 *                      commands are refused
 * @param keep          previous bundles kept on disk for rollback (default 3)
 * @param health        the health watch after an activation
 * @param minAutoAgreement route agreement a job's automatic promote needs in shadow (default 0.95)
 */
public record BundleSettings(List<Path> trustedKeys, List<Path> operatorKeys, Integer keep, Health health,
                             Double minAutoAgreement) {
    public static final BundleSettings DISABLED = new BundleSettings(List.of(), List.of(), null, null, null);

    public BundleSettings {
        trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
        operatorKeys = operatorKeys == null ? List.of() : List.copyOf(operatorKeys);
        keep = keep == null ? 3 : keep;
        if (keep < 1 || keep > 20) {
            throw new IllegalArgumentException("bundles.keep: must be 1..20, got " + keep);
        }
        health = health == null ? Health.DEFAULT : health;
        minAutoAgreement = minAutoAgreement == null ? 0.95 : minAutoAgreement;
        if (minAutoAgreement < 0 || minAutoAgreement > 1) {
            throw new IllegalArgumentException("bundles.min_auto_agreement: must be in [0, 1], got "
                    + minAutoAgreement);
        }
    }

    public boolean enabled() {
        return !trustedKeys.isEmpty();
    }

    /** Key paths relative to {@code dir} (station.yaml's folder). */
    public BundleSettings resolvedAgainst(Path dir) {
        return new BundleSettings(trustedKeys.stream().map(dir::resolve).toList(),
                operatorKeys.stream().map(dir::resolve).toList(), keep, health, minAutoAgreement);
    }

    /**
     * {@code bundles.health}: K decisions or T seconds, and the limits (see {@code HealthPolicy}).
     */
    public record Health(Integer decisions, Integer windowS, Integer minDecisions, Double maxErrorRate,
                         Double maxFailClosedRate, Double maxOverBudgetRate, Double maxRouteShift) {
        public static final Health DEFAULT = new Health(null, null, null, null, null, null, null);

        public Health {
            decisions = decisions == null ? 200 : decisions;
            windowS = windowS == null ? 600 : windowS;
            minDecisions = minDecisions == null ? Math.min(20, decisions) : minDecisions;
            maxErrorRate = maxErrorRate == null ? 0.02 : maxErrorRate;
            maxFailClosedRate = maxFailClosedRate == null ? 0.20 : maxFailClosedRate;
            maxOverBudgetRate = maxOverBudgetRate == null ? 0.10 : maxOverBudgetRate;
            maxRouteShift = maxRouteShift == null ? 0.25 : maxRouteShift;
        }
    }
}
