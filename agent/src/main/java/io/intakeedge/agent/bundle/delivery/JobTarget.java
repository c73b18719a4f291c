package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.sync.protocol.Ids;

import java.util.Objects;
import java.util.Set;

/**
 * Whom a rollout job addresses, written {@code site/device}, {@code site/group/NAME} or {@code site} on the command
 * line and in the job document.
 *
 * @param site   site id
 * @param kind   device, group or site
 * @param name   the device id or group name; empty for a whole site
 */
public record JobTarget(String site, Kind kind, String name) {
    public enum Kind { DEVICE, GROUP, SITE }

    public JobTarget {
        Ids.require("site", site);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind == Kind.SITE && !name.isEmpty()) {
            throw new IllegalArgumentException("a site target has no name, got '" + name + "'");
        }
        if (kind != Kind.SITE) {
            Ids.require(kind.name().toLowerCase(java.util.Locale.ROOT), name);
        }
    }

    public static JobTarget device(String site, String device) {
        return new JobTarget(site, Kind.DEVICE, device);
    }

    public static JobTarget group(String site, String group) {
        return new JobTarget(site, Kind.GROUP, group);
    }

    public static JobTarget site(String site) {
        return new JobTarget(site, Kind.SITE, "");
    }

    /** Parses {@code site/device}, {@code site/group/NAME} or {@code site}; throws naming the accepted forms. */
    public static JobTarget parse(String text) {
        String[] p = Objects.requireNonNull(text, "target").split("/", -1);
        try {
            return switch (p.length) {
                case 1 -> site(p[0]);
                case 2 -> device(p[0], p[1]);
                case 3 -> {
                    if (!"group".equals(p[1])) {
                        throw new IllegalArgumentException("the middle part must be 'group'");
                    }
                    yield group(p[0], p[2]);
                }
                default -> throw new IllegalArgumentException("too many parts");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target '" + text + "' is not site/device, site/group/NAME or site: "
                    + e.getMessage(), e);
        }
    }

    /** Whether a station of {@code site} with id {@code device} in {@code groups} is addressed. */
    public boolean addresses(String stationSite, String device, Set<String> groups) {
        if (!site.equals(stationSite)) {
            return false;
        }
        return switch (kind) {
            case DEVICE -> name.equals(device);
            case GROUP -> groups.contains(name);
            case SITE -> true;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEVICE -> site + "/" + name;
            case GROUP -> site + "/group/" + name;
            case SITE -> site;
        };
    }
}
