package io.intakeedge.collector;

import java.util.regex.Pattern;

/**
 * A parsed topic of the v1 tree: {@code intake/v1/{site}/{device}/{leaf}}.
 *
 * @param site   the site id
 * @param device the device id
 * @param leaf   {@code traces}, {@code drift}, {@code events}, {@code status} or {@code receipts}
 */
public record TopicAddress(String site, String device, String leaf) {

    /** Site and device ids as docs/mqtt.md allows them. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Parses a topic name, or throws when it is not part of the v1 tree. */
    public static TopicAddress parse(String topic) throws RejectedMessageException {
        String[] parts = topic.split("/", -1);
        if (parts.length != 5 || !parts[0].equals("intake") || !parts[1].equals("v1")) {
            throw new RejectedMessageException(RejectedMessageException.Reason.INVALID,
                    "topic '" + topic + "' is not intake/v1/{site}/{device}/{leaf}");
        }
        if (!ID.matcher(parts[2]).matches() || !ID.matcher(parts[3]).matches()) {
            throw new RejectedMessageException(RejectedMessageException.Reason.INVALID,
                    "topic '" + topic + "' has a site or device id outside [A-Za-z0-9_-]{1,64}");
        }
        String leaf = parts[4];
        if (!leaf.equals("traces") && !leaf.equals("drift") && !leaf.equals("events") && !leaf.equals("status")
                && !leaf.equals("receipts")) {
            throw new RejectedMessageException(RejectedMessageException.Reason.INVALID,
                    "topic '" + topic + "' ends in unknown leaf '" + leaf + "'");
        }
        return new TopicAddress(parts[2], parts[3], leaf);
    }

    /** Whether an item kind may travel on this topic. */
    boolean carries(String kind) {
        return switch (leaf) {
            case "traces" -> kind.equals("trace") || kind.equals("compacted");
            case "drift" -> kind.equals("drift");
            case "events" -> kind.equals("event");
            default -> false;
        };
    }
}
