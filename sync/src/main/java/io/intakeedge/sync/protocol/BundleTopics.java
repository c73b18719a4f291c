package io.intakeedge.sync.protocol;

import java.util.Optional;

/**
 * The bundle-delivery part of the v1 topic tree (docs/mqtt.md, "Bundle delivery"). Every topic here has six or
 * seven levels, so the collector's {@code intake/v1/+/+/+} subscription (exactly five) never sees one.
 *
 * <pre>
 * intake/v1/{site}/{device}/bundle/job            retained  job for one device (operator → station)
 * intake/v1/{site}/fleet/groups/{group}/job       retained  job for a group
 * intake/v1/{site}/fleet/site/job                 retained  job for the whole site
 * intake/v1/{site}/fleet/rollouts/{rollout}       retained  what a rollout pushed (for status, promote, clean)
 * intake/v1/{site}/{device}/bundle/download       retained  the station's download: job, progress, refusals
 * intake/v1/{site}/{device}/bundle/state          retained  the bundle lifecycle's state (verify ... rollback)
 * intake/v1/{site}/{device}/bundle/command                  signed operator commands (promote, rollback, cancel)
 * intake/v1/{site}/{device}/bundle/block-request            station asks the block server for blocks
 * intake/v1/{site}/{device}/bundle/blocks                   block server answers there (the response topic)
 * </pre>
 * A device named {@code fleet} cannot collide: its own topics have {@code bundle} or a channel leaf at level five.
 */
public final class BundleTopics {
    /** What the block server subscribes to: every station's requests. */
    public static final String ALL_BLOCK_REQUESTS = Topic.ROOT + "/+/+/bundle/block-request";

    private BundleTopics() {
    }

    public static String deviceJob(String site, String device) {
        return device(site, device) + "/job";
    }

    public static String groupJob(String site, String group) {
        return Topic.ROOT + "/" + Ids.require("site", site) + "/fleet/groups/" + Ids.require("group", group) + "/job";
    }

    public static String siteJob(String site) {
        return Topic.ROOT + "/" + Ids.require("site", site) + "/fleet/site/job";
    }

    public static String rollout(String site, String rolloutId) {
        return Topic.ROOT + "/" + Ids.require("site", site) + "/fleet/rollouts/" + Ids.require("rollout", rolloutId);
    }

    /** Filter for every rollout document of {@code site} ({@code +} for every site). */
    public static String rollouts(String siteOrPlus) {
        return Topic.ROOT + "/" + siteOrAll(siteOrPlus) + "/fleet/rollouts/+";
    }

    public static String download(String site, String device) {
        return device(site, device) + "/download";
    }

    /** Filter for every device's download state in {@code site} ({@code +} for every site). */
    public static String downloads(String siteOrPlus) {
        return Topic.ROOT + "/" + siteOrAll(siteOrPlus) + "/+/bundle/download";
    }

    /** Filter for every device's lifecycle state in {@code site} ({@code +} for every site). */
    public static String states(String siteOrPlus) {
        return Topic.ROOT + "/" + siteOrAll(siteOrPlus) + "/+/bundle/state";
    }

    /** Filter for every device job in {@code site} ({@code +} for every site). */
    public static String deviceJobs(String siteOrPlus) {
        return Topic.ROOT + "/" + siteOrAll(siteOrPlus) + "/+/bundle/job";
    }

    public static String blockRequest(String site, String device) {
        return device(site, device) + "/block-request";
    }

    public static String blocks(String site, String device) {
        return device(site, device) + "/blocks";
    }

    /** Site and device of a {@code .../{site}/{device}/bundle/{leaf}} topic whose leaf is {@code leaf}. */
    public static Optional<Topic.Device> deviceOf(String topic, String leaf) {
        String[] p = topic.split("/", -1);
        if (p.length != 6 || !"intake".equals(p[0]) || !"v1".equals(p[1]) || !"bundle".equals(p[4])
                || !leaf.equals(p[5]) || !Ids.isValid(p[2]) || !Ids.isValid(p[3])) {
            return Optional.empty();
        }
        return Optional.of(new Topic.Device(p[2], p[3]));
    }

    private static String device(String site, String device) {
        return Topic.ROOT + "/" + Ids.require("site", site) + "/" + Ids.require("device", device) + "/bundle";
    }

    private static String siteOrAll(String siteOrPlus) {
        return "+".equals(siteOrPlus) ? "+" : Ids.require("site", siteOrPlus);
    }
}
