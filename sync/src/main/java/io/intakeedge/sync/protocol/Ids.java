package io.intakeedge.sync.protocol;

import java.util.regex.Pattern;

/**
 * The one rule for site and device ids (and share groups): 1-64 of {@code [A-Za-z0-9_-]}. Every id ends up as an
 * MQTT topic segment, so '.', '/', '+', '#' and spaces are refused where the id is configured, not when the first
 * topic is built.
 */
public final class Ids {
    /** The id alphabet, as docs/mqtt.md states it. */
    public static final String RULE = "1-64 of [A-Za-z0-9_-]";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    /** Whether {@code value} is a valid id. */
    public static boolean isValid(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Returns {@code value} or throws {@link IllegalArgumentException} naming the field and the rule. */
    public static String require(String what, String value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " id '" + value + "' is invalid: use " + RULE
                    + " (it becomes an MQTT topic segment)");
        }
        return value;
    }
}
