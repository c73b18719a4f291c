package io.intakeedge.agent.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's resident memory (VmRSS of {@code /proc/self/status}) against the profile's {@code memory_limit_mb}.
 * It only warns: the JVM cannot give native memory back on request, and the OS killer is the real limit, so the
 * operator must see the station approaching it (from {@value #NEAR_PERCENT} % on) before it happens.
 */
public final class MemoryGuard {
    static final int NEAR_PERCENT = 90;
    private final int limitMb;
    private final Path procStatus;

    /** @param procStatus {@code /proc/self/status} on a station; a fake file in tests */
    public MemoryGuard(int limitMb, Path procStatus) {
        this.limitMb = limitMb;
        this.procStatus = procStatus;
    }

    public GuardState check() {
        long rssMb;
        try {
            rssMb = rssKb(Files.readString(procStatus, StandardCharsets.US_ASCII)) / 1024;
        } catch (IOException | NumberFormatException e) {
            return new GuardState("memory", "unmeasured", "warning", "none", "cannot read VmRSS from " + procStatus
                    + ": " + e.getMessage(), null);
        }
        String measured = "RSS " + rssMb + " MiB of the profile's memory_limit_mb " + limitMb;
        if (rssMb >= limitMb) {
            return new GuardState("memory", "over_limit", "error", "warn", measured
                    + ": the OS may kill the agent; lower -Xmx or raise the limit", null);
        }
        if (rssMb * 100 >= (long) limitMb * NEAR_PERCENT) {
            return new GuardState("memory", "near_limit", "warning", "warn", measured + " (" + NEAR_PERCENT
                    + " % or more)", null);
        }
        return new GuardState("memory", "ok", "info", "none", measured, null);
    }

    private static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        throw new NumberFormatException("no VmRSS line");
    }
}
