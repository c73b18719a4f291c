package io.intakeedge.sync.protocol;

import java.util.Objects;

/**
 * One topic of the v1 tree: {@code intake/v1/{site}/{device}/{channel}}.
 *
 * @param site    configured site id, {@code [A-Za-z0-9_-]{1,64}}
 * @param device  configured device id, same alphabet
 * @param channel topic leaf
 */
public record Topic(String site, String device, Channel channel) {
    /** A station's identity as topics carry it. */
    public record Device(String site, String device) {
        public Device {
            requireId("site", site);
            requireId("device", device);
        }
    }

    /** Topic prefix shared by everything in contract v1. */
    public static final String ROOT = "intake/v1";
    /** Filter matching every v1 topic of every device. */
    public static final String ALL = ROOT + "/+/+/+";

    public Topic {
        requireId("site", site);
        requireId("device", device);
        Objects.requireNonNull(channel, "channel");
    }

    /** The topic string, e.g. {@code intake/v1/dock-a/station-07/traces}. */
    public String name() {
        return ROOT + "/" + site + "/" + device + "/" + channel.leaf();
    }

    /**
     * An MQTT 5 shared subscription over all v1 topics, so several collectors split the load, e.g.
     * {@code $share/collectors/intake/v1/+/+/+}.
     */
    public static String sharedSubscription(String group) {
        requireId("share group", group);
        return "$share/" + group + "/" + ALL;
    }

    /** Parses a received topic; throws {@link ProtocolException} (reason {@code invalid}) naming what is wrong. */
    public static Topic parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        String[] parts = topic.split("/", -1);
        if (parts.length != 5 || !"intake".equals(parts[0]) || !"v1".equals(parts[1])) {
            throw new ProtocolException("topic '" + topic + "' is not of the form intake/v1/{site}/{device}/{leaf}");
        }
        try {
            return new Topic(parts[2], parts[3], Channel.ofLeaf(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code value} is a valid site/device id. */
    public static String requireId(String what, String value) {
        return Ids.require(what, value);
    }

    @Override
    public String toString() {
        return name();
    }
}
