package io.intakeedge.agent.bundle.archive;

import java.util.Arrays;

/** Dotted numeric versions ({@code 0.1.0}, {@code 0.1.0-SNAPSHOT}); a qualifier after '-' is ignored. */
public final class AgentVersions {
    private AgentVersions() {
    }

    static int[] parse(String version) {
        String core = version.split("-", 2)[0];
        if (!core.matches("\\d{1,6}(\\.\\d{1,6}){0,3}")) {
            throw new IllegalArgumentException("version '" + version + "' is not dotted numbers like 0.1.0");
        }
        return Arrays.stream(core.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    /** True when {@code actual} is at least {@code minimum}. */
    public static boolean atLeast(String actual, String minimum) {
        int[] a = parse(actual);
        int[] m = parse(minimum);
        for (int i = 0; i < Math.max(a.length, m.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < m.length ? m[i] : 0;
            if (x != y) {
                return x > y;
            }
        }
        return true;
    }
}
