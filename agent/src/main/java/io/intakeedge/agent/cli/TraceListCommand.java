package io.intakeedge.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TraceText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code intake-edge trace list [--route R] [--since T] [--limit N] [--json]}: the latest decisions, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the latest decisions, newest first.")
final class TraceListCommand extends TraceCommand.Sub {
    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    @Option(names = "--route", description = "only this route: request_new_photo, normal_review, "
            + "priority_damage_review, manual_intake")
    String route;

    @Option(names = "--since", description = "only decisions at or after T: an instant (2026-11-23T09:00:00Z), a UTC "
            + "date (2026-11-23) or an age (30m, 2h, 7d)")
    String since;

    @Option(names = "--limit", defaultValue = "50", description = "at most N traces (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON array of traces (docs/trace.md) instead of a table")
    boolean json;

    @Override
    int run(TraceSource.Opened opened) throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        Optional<Route> r = route == null ? Optional.empty() : Optional.of(Route.fromCode(route));
        List<Trace> traces = opened.store().list(r, Optional.ofNullable(since).map(s -> since(s, Instant.now())),
                limit);
        if (json) {
            ArrayNode array = new ObjectMapper().createArrayNode();
            traces.forEach(t -> array.add(TraceJson.toNode(t)));
            out().println(array.toPrettyString());
        } else {
            out().printf("%-8s  %-20s  %-10s  %6s  %-22s  %-28s  %s%n", "ID", "DECIDED (UTC)", "CAMERA", "PARCEL",
                    "ROUTE", "REASON", "SCORE");
            traces.forEach(t -> out().printf("%-8s  %-20s  %-10s  %6s  %-22s  %-28s  %s%n",
                    t.traceId().toString().substring(0, 8), t.decidedAt().truncatedTo(ChronoUnit.SECONDS),
                    t.cameraId(), t.parcelSeq() == null ? "-" : t.parcelSeq(), t.route().code(),
                    TraceText.reasonDetail(t), TraceText.score(t)));
            out().printf("%d trace(s)%s%n", traces.size(), traces.size() == limit ? " (--limit reached)" : "");
        }
        out().flush();
        return 0;
    }

    /** {@code --since}: an ISO instant, a UTC date, or an age before {@code now}. */
    static Instant since(String text, Instant now) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher ago = AGO.matcher(s);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return s.contains("t") ? Instant.parse(text.trim()) : LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: cannot read '" + text + "': give an instant "
                    + "(2026-11-23T09:00:00Z), a date (2026-11-23) or an age (30m, 2h, 7d)");
        }
    }
}
