package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.app.StatusServer;
import io.intakeedge.agent.routing.RuleCheck;
import io.intakeedge.agent.trace.TraceExplanation;

/**
 * {@code GET /api/traces/{id}/explain}: the rule-by-rule re-derivation of a stored trace's route
 * ({@code trace explain} on the page). Values are printed as the CLI prints them, so both show the same figures.
 */
final class ExplanationJson {
    private ExplanationJson() {
    }

    static ObjectNode of(TraceExplanation e) {
        ObjectNode body = StatusServer.JSON.createObjectNode();
        body.put("trace_id", e.trace().traceId().toString());
        body.put("stored_route", e.trace().route().code());
        body.put("stored_reason", e.trace().reason().code());
        body.put("matches", e.matches());
        ArrayNode differences = body.putArray("differences");
        e.differences().forEach(differences::add);
        e.derived().ifPresentOrElse(d -> {
            body.put("derived_route", d.decision().route().code());
            body.put("derived_reason", d.decision().reason().code());
            ArrayNode checks = body.putArray("checks");
            for (RuleCheck c : d.checks()) {
                checks.addObject().put("rule", c.rule()).put("measure", c.measure()).put("value", c.valueText())
                        .put("limit", c.limit()).put("status", c.status().code()).put("effect", c.effect());
            }
        }, () -> {
            body.putNull("derived_route");
            body.putNull("derived_reason");
            body.putArray("checks");
        });
        return body;
    }
}
