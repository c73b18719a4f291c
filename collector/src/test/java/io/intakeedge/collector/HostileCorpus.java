package io.intakeedge.collector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.intakeedge.sync.testing.BatchJson.envelope;
import static io.intakeedge.sync.testing.BatchJson.gzip;
import static io.intakeedge.sync.testing.BatchJson.item;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;

/**
 * Messages a hostile or broken publisher can send, each with the dead-letter reason the collector must give it.
 * Every message goes to its own device id ({@code h<n>}, or a broken id carrying {@code n}) so each dead letter can
 * be matched to the message that caused it. Generated, seeded: the same corpus on every run.
 */
final class HostileCorpus {
    static final String JSON = "application/json";
    static final String GZIP = "application/json+gzip";
    private static final String CREATED = "2026-11-23T09:40:59.001Z";
    private static final String SENT = "2026-11-23T09:41:07.120Z";

    /** One hostile message and the reason expected for it. */
    record Hostile(String topic, byte[] payload, String contentType, String reason, String what) {
    }

    private final String site;
    private final int maxWireBytes;
    private final List<Hostile> corpus = new ArrayList<>();

    private HostileCorpus(String site, int maxWireBytes) {
        this.site = site;
        this.maxWireBytes = maxWireBytes;
    }

    /** The corpus for a collector subscribed to {@code intake/v1/{site}/+/+}. */
    static List<Hostile> generate(String site, int maxWireBytes) {
        HostileCorpus c = new HostileCorpus(site, maxWireBytes);
        c.numbers();
        c.times();
        c.compactedRanges();
        c.schemas();
        c.notJson();
        c.encodings();
        c.identities();
        c.structure();
        c.statuses();
        return List.copyOf(c.corpus);
    }

    private String device() {
        return "h" + corpus.size();
    }

    private String topic(String device, String leaf) {
        return "intake/v1/" + site + "/" + device + "/" + leaf;
    }

    private void add(String reason, String what, String json) {
        String device = device();
        add(reason, what, topic(device, "traces"), utf8(json.replace("\"device\":\"DEV\"", "\"device\":\"" + device + "\"")), JSON);
    }

    private void add(String reason, String what, String topic, byte[] payload, String contentType) {
        corpus.add(new Hostile(topic, payload, contentType, reason, what));
    }

    /** A valid two-item batch with DEV as device placeholder. */
    private String good() {
        return envelope(site, "DEV", 1, 2, item(1, "trace", "{\"route\":\"normal_review\"}") + ","
                + item(2, "trace", "{\"route\":\"manual_intake\"}"));
    }

    private static String reasonForNumber(String value) {
        if (value.matches("-?\\d+\\.\\d+") || value.matches("-?\\d+(\\.\\d+)?[eE][+-]?\\d+")) {
            return "not_an_integer";
        }
        return value.matches("-?\\d+") ? "out_of_range" : "invalid";
    }

    private void numbers() {
        List<String> values = List.of("2.0", "1E2", "-0.0", "1.5", "1e0", "2.000000000000000001", "0", "-0", "-3",
                "9007199254740992", "9223372036854775807", "99999999999999999999999", "\"7\"", "null", "true",
                "[1]", "{}");
        for (String v : values) {
            String reason = reasonForNumber(v);
            add(reason, "first_seq " + v, good().replace("\"first_seq\":1", "\"first_seq\":" + v));
            add(reason, "last_seq " + v, good().replace("\"last_seq\":2", "\"last_seq\":" + v));
            add(reason, "item seq " + v, good().replace("{\"seq\":1,", "{\"seq\":" + v + ","));
            String second = good().replace("{\"seq\":2,", "{\"seq\":" + v + ",");
            // a valid-looking small second seq below the first breaks the order instead
            add(v.equals("-0") || v.equals("0") || v.equals("-3") ? "out_of_range" : reason, "second seq " + v, second);
        }
    }

    private void times() {
        List<String[]> values = List.of(new String[] {"+1000000000-01-01T00:00:00Z", "out_of_range"},
                new String[] {"-1000000000-01-01T00:00:00Z", "out_of_range"},
                new String[] {"1969-12-31T23:59:59Z", "out_of_range"},
                new String[] {"+10000-01-01T00:00:00Z", "out_of_range"}, new String[] {"yesterday", "invalid"},
                new String[] {"2026-13-01T00:00:00Z", "invalid"}, new String[] {"", "invalid"},
                new String[] {"2026-11-23T09:40:59", "invalid"});
        for (String[] v : values) {
            add(v[1], "created_at " + v[0], good().replaceFirst(CREATED, v[0]));
            add(v[1], "sent_at " + v[0], good().replace(SENT, v[0]));
        }
        add("invalid", "created_at as a number", good().replaceFirst("\"" + CREATED + "\"", "0"));
        add("invalid", "created_at missing", good().replaceFirst(",\"created_at\":\"" + CREATED + "\"", ""));
    }

    private void compactedRanges() {
        String[][] cases = {
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9223372036854775807}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,9223372036854775807]]}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":50}"},
            {"out_of_range", "{\"first_seq\":9,\"last_seq\":3}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,5],[4,9]]}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[6,9],[1,2]]}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[0,2]]}"},
            {"out_of_range", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[5,3]]}"},
            {"not_an_integer", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,5.0]]}"},
            {"not_an_integer", "{\"first_seq\":1.0,\"last_seq\":9}"},
            {"invalid", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[[1,2,3]]}"},
            {"invalid", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":[]}"},
            {"invalid", "{\"first_seq\":1,\"last_seq\":9,\"ranges\":\"1-9\"}"},
            {"invalid", "{\"last_seq\":9}"},
        };
        for (String[] c : cases) {
            add(c[0], "compacted " + c[1], envelope(site, "DEV", 9, 9, item(9, "compacted", c[1])));
        }
    }

    private void schemas() {
        for (String schema : List.of("intake.batch/2", "", "INTAKE.BATCH/1", "intake.batch/1 ", "intake.status/1")) {
            add("wrong_schema", "schema '" + schema + "'", good().replace("intake.batch/1", schema));
        }
        add("wrong_schema", "schema missing", good().replace("\"schema\":\"intake.batch/1\",", ""));
        add("wrong_schema", "schema a number", good().replace("\"intake.batch/1\"", "1"));
    }

    private void notJson() {
        byte[] valid = utf8(good());
        for (int cut = 1; cut < valid.length; cut += Math.max(1, valid.length / 110)) {
            add("malformed", "truncated at " + cut, topic(device(), "traces"), Arrays.copyOf(valid, cut), JSON);
        }
        add("malformed", "empty payload", topic(device(), "traces"), new byte[0], JSON);
        for (String json : List.of("[]", "1", "\"x\"", "null", "true", "{}}", "{\"a\":}", "{'schema':1}", "{\"a\":NaN}",
                "{\"a\":01}")) {
            add(json.startsWith("{\"a\"") || json.startsWith("{'") || json.equals("{}}") ? "malformed" : "malformed",
                    "not an object: " + json, topic(device(), "traces"), utf8(json), JSON);
        }
        Random random = new Random(10);
        for (int i = 0; i < 30; i++) {
            char[] text = new char[1 + random.nextInt(200)];
            for (int j = 0; j < text.length; j++) {
                text[j] = (char) (' ' + random.nextInt(94));
            }
            text[0] = '#';
            add("malformed", "printable garbage", topic(device(), "traces"), utf8(new String(text)), JSON);
        }
        for (String key : List.of("\"seq\":1,", "\"site\":\"" + site + "\",")) {
            add("malformed", "duplicate key " + key, good().replaceFirst(key.replace("$", "\\$"), key + key));
        }
        add("malformed", "duplicate payload", good().replaceFirst("\"payload\":", "\"payload\":{},\"payload\":"));
        add("malformed", "duplicate items", good().replaceFirst("\"items\":\\[", "\"items\":[],\"items\":["));
    }

    private void encodings() {
        byte[] zipped = gzip(good().replace("DEV", "x"));
        for (int cut = 2; cut < zipped.length; cut += Math.max(1, zipped.length / 12)) {
            add("undecodable", "gzip cut at " + cut, topic(device(), "traces"), Arrays.copyOf(zipped, cut), GZIP);
        }
        add("undecodable", "plain JSON announced as gzip", topic(device(), "traces"), utf8(good()), GZIP);
        for (String type : List.of("text/plain", "application/xml", "application/json; charset=utf-8", "gzip")) {
            add("undecodable", "content type " + type, topic(device(), "traces"), utf8(good()), type);
        }
        byte[] bomb = gzip("{\"pad\":\"" + "0".repeat(17 * 1024 * 1024) + "\"}");
        add("oversized", "gzip bomb (" + bomb.length + " bytes)", topic(device(), "traces"), bomb, GZIP);
        add("oversized", "over the wire limit", topic(device(), "traces"),
                utf8(good().replace("normal_review", "x".repeat(maxWireBytes))), JSON);
        add("oversized", "over the wire limit gzip", topic(device(), "traces"), new byte[maxWireBytes + 1], GZIP);
        String text = good();
        for (byte[] bad : List.of(new byte[] {(byte) 0xe9}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})) {
            String device = device();
            byte[] before = utf8(text.replace("DEV", device).replace("normal_review", "normal"));
            int at = indexOf(before, utf8("normal")) + 6;
            byte[] out = new byte[before.length + bad.length];
            System.arraycopy(before, 0, out, 0, at);
            System.arraycopy(bad, 0, out, at, bad.length);
            System.arraycopy(before, at, out, at + bad.length, before.length - at);
            add("undecodable", "not UTF-8 " + Arrays.toString(bad), topic(device, "traces"), out, JSON);
        }
    }

    private void identities() {
        for (String other : List.of("someone-else", "h", "x".repeat(64))) {
            String device = device();
            add("topic_mismatch", "payload device " + other, topic(device, "traces"),
                    utf8(good().replace("DEV", other)), JSON);
        }
        add("topic_mismatch", "payload site differs", good().replace("\"site\":\"" + site + "\"", "\"site\":\"other\""));
        add("invalid", "payload device with a dot", topic(device(), "traces"), utf8(good().replace("DEV", "a.b")), JSON);
        int n = corpus.size();
        for (String device : List.of("a.b" + n, "d" + n + " x", "d" + n + "\u00fc", "d" + n + "x".repeat(64), "d" + n + "*")) {
            add("invalid", "topic device '" + device + "'", topic(device, "traces"), utf8(good()), JSON);
        }
        for (String leaf : List.of("photos", "TRACES", "", "traces ")) {
            add("invalid", "topic leaf '" + leaf + "'", topic(device(), leaf), utf8(good()), JSON);
        }
    }

    private void structure() {
        String one = "{\"seq\":1,\"kind\":\"trace\",\"created_at\":\"" + CREATED + "\",\"payload\":";
        String[][] cases = {
            {"items empty", envelope(site, "DEV", 1, 2, "")},
            {"items not an array", good().replaceFirst("\"items\":\\[", "\"items\":{\"a\":[").replace("}]}", "}]}}")},
            {"item not an object", envelope(site, "DEV", 1, 1, "1")},
            {"item null", envelope(site, "DEV", 1, 1, "null")},
            {"payload an array", envelope(site, "DEV", 1, 1, one + "[1]}")},
            {"payload a string", envelope(site, "DEV", 1, 1, one + "\"{}\"}")},
            {"payload missing", envelope(site, "DEV", 1, 1, "{\"seq\":1,\"kind\":\"trace\",\"created_at\":\"" + CREATED + "\"}")},
            {"unknown kind", good().replaceFirst("\"kind\":\"trace\"", "\"kind\":\"photo\"")},
            {"kind drift on traces", good().replaceFirst("\"kind\":\"trace\"", "\"kind\":\"drift\"")},
            {"kind event on traces", good().replaceFirst("\"kind\":\"trace\"", "\"kind\":\"event\"")},
            {"kind missing", good().replaceFirst("\"kind\":\"trace\",", "")},
            {"kind a number", good().replaceFirst("\"kind\":\"trace\"", "\"kind\":7")},
            {"items out of order", envelope(site, "DEV", 1, 2, item(2, "trace", "{}") + "," + item(1, "trace", "{}"))},
            {"seq repeated", envelope(site, "DEV", 1, 1, item(1, "trace", "{}") + "," + item(1, "trace", "{}"))},
            {"first/last do not match", good().replace("\"last_seq\":2", "\"last_seq\":3")},
            {"sent_at missing", good().replace("\"sent_at\":\"" + SENT + "\",", "")},
            {"site missing", good().replace("\"site\":\"" + site + "\",", "")},
            {"device missing", good().replace("\"device\":\"DEV\",", "")},
        };
        for (String[] c : cases) {
            add("invalid", c[0], c[1]);
        }
        String device = device();
        add("invalid", "trace kind on drift", topic(device, "drift"), utf8(good().replace("DEV", device)), JSON);
    }

    private void statuses() {
        for (int i = 0; i < 8; i++) {
            String device = device();
            String good = "{\"schema\":\"intake.status/1\",\"state\":\"online\",\"site\":\"" + site + "\",\"device\":\""
                    + device + "\",\"agent_version\":\"0.1.0\",\"device_profile\":\"x86\",\"active_bundle\":null,"
                    + "\"at\":\"2026-11-23T09:41:07Z\"}";
            String[] c = switch (i) {
                case 0 -> new String[] {"wrong_schema", "{\"state\":\"online\"}"};
                case 1 -> new String[] {"topic_mismatch", good.replace(device, "other")};
                case 2 -> new String[] {"invalid", good.replace("online", "hacked")};
                case 3 -> new String[] {"invalid", good.replace("\"at\"", "\"extra\":1,\"at\"")};
                case 4 -> new String[] {"out_of_range", good.replace("2026-11-23", "+1000000000-01-01")};
                case 5 -> new String[] {"malformed", "online"};
                case 6 -> new String[] {"malformed", "[\"online\"]"};
                default -> new String[] {"wrong_schema", good.replace("intake.status/1", "intake.batch/1")};
            };
            add(c[0], "status " + i, topic(device, "status"), c[1].getBytes(StandardCharsets.UTF_8), JSON);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    static String validBatch(String site, String device, long seq) {
        return traces(site, device, seq, 1);
    }
}
