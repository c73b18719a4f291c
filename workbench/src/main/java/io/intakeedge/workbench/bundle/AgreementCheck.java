package io.intakeedge.workbench.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.AgreementLimit;
import io.intakeedge.agent.bundle.archive.BundleJson;

import java.io.IOException;
import java.nio.file.Path;

/** Holds a quantized bundle whose INT8-vs-float agreement report is below the release's limit. */
final class AgreementCheck {
    private AgreementCheck() {
    }

    /** Returns a one-line summary; throws when a figure is missing or below its limit. */
    static String check(Path dir, AgreementLimit limit) throws BundleException {
        Path file = dir.resolve(limit.file()).normalize();
        JsonNode overall;
        try {
            overall = BundleJson.JSON.readTree(file.toFile()).path("overall");
        } catch (IOException e) {
            throw new BundleException("agreement report " + file + " is unreadable: " + e.getMessage(), e);
        }
        double top1 = figure(file, overall, "top1_agreement");
        double route = figure(file, overall, "route_agreement");
        if (top1 < limit.minTop1Agreement() || route < limit.minRouteAgreement()) {
            throw new BundleException("agreement report " + file + ": INT8 vs float top-1 agreement " + top1
                    + " (limit " + limit.minTop1Agreement() + "), route agreement " + route + " (limit "
                    + limit.minRouteAgreement() + "); the quantized model does not behave like its float reference");
        }
        return "top-1 agreement " + top1 + " >= " + limit.minTop1Agreement() + ", route agreement " + route + " >= "
                + limit.minRouteAgreement() + " on " + overall.path("count").asInt() + " crops";
    }

    private static double figure(Path file, JsonNode overall, String key) throws BundleException {
        JsonNode v = overall.get(key);
        if (v == null || !v.isNumber()) {
            throw new BundleException("agreement report " + file + " has no overall." + key);
        }
        return v.asDouble();
    }
}
