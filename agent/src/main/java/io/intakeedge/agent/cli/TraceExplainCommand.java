package io.intakeedge.agent.cli;

import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.RuleCheck;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceExplainer;
import io.intakeedge.agent.trace.TraceExplanation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code intake-edge trace explain ID}: re-derives the route from the values and thresholds stored in the trace,
 * rule by rule ({@link TraceExplainer}); exit {@value TraceCommand#DIFFERS} when the stored decision differs from the
 * re-derived one or cannot be re-derived.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Re-derive a trace's route from its stored values and thresholds, rule by rule.",
                "Exit 3 when the stored route differs from the re-derived one (or cannot be re-derived)."})
final class TraceExplainCommand extends TraceCommand.Sub {
    private static final String ROW = "  %-24s %-38s %-16s %-11s %s%n";

    @Parameters(paramLabel = "ID", description = "trace id (a UUID, or its first characters as trace list shows)")
    String id;

    @Override
    int run(TraceSource.Opened opened) {
        Trace t = one(opened, id);
        TraceExplanation e = TraceExplainer.explain(t);
        out().printf("trace %s  decided %s  camera %s  parcel %s%n", t.traceId(), t.decidedAt(), t.cameraId(),
                t.parcelSeq() == null ? "-" : t.parcelSeq());
        out().println(t.bundle() == null ? "bundle: none loaded"
                : "bundle: " + t.bundle().id() + " " + t.bundle().version() + "  positive label '"
                + t.bundle().positiveLabel() + "'  damage_threshold " + t.threshold() + gate(t));
        e.derived().ifPresent(d -> {
            out().println("rules, in the order the routing policy applies them:");
            out().printf(ROW, "RULE", "VALUE", "LIMIT", "RESULT", "IF IT FAILS");
            for (RuleCheck c : d.checks()) {
                out().printf(ROW, c.rule(), c.measure() + " = " + c.valueText(), c.limit(), c.status().code(),
                        c.effect());
            }
            Decision r = d.decision();
            out().printf("re-derived: %s / %s%n", r.route(), r.reason());
        });
        out().printf("stored:     %s / %s%s%n", t.route(), t.reason(),
                t.gateReasons().isEmpty() ? "" : " (gate: " + String.join(", ", t.gateReasons()) + ")");
        if (e.matches()) {
            out().println("OK: the stored decision is what the rules give");
            out().flush();
            return 0;
        }
        e.differences().forEach(d -> out().println("DIFFERS: " + d));
        out().flush();
        return TraceCommand.DIFFERS;
    }

    private static String gate(Trace t) {
        var g = t.gateThresholds();
        return g == null ? "  gate thresholds: not recorded" : "  max_blur " + g.maxBlur() + "  min_brightness "
                + g.minBrightness() + "  max_over_exposed " + g.maxOverExposedFraction();
    }
}
