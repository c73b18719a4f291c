package io.intakeedge.sync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Hand-written batch envelopes (docs/mqtt.md) for collector tests, independent of the agent's codec. */
public final class BatchJson {

    private BatchJson() {
    }

    /** Topic of a device's leaf, e.g. {@code intake/v1/dock-a/cam-1/traces}. */
    public static String topic(String site, String device, String leaf) {
        return "intake/v1/" + site + "/" + device + "/" + leaf;
    }

    /** A traces batch holding {@code count} trace items with consecutive sequence numbers from {@code firstSeq}. */
    public static String traces(String site, String device, long firstSeq, int count) {
        StringBuilder items = new StringBuilder();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append(item(seq, "trace", "{\"route\":\"normal_review\",\"parcel\":\"p-" + seq + "\"}"));
        }
        return envelope(site, device, firstSeq, firstSeq + count - 1, items.toString());
    }

    /** A traces batch with one compacted summary (own sequence number {@code seq}) covering first..last. */
    public static String compacted(String site, String device, long seq, long first, long last) {
        String payload = "{\"first_seq\":" + first + ",\"last_seq\":" + last + ",\"count\":" + (last - first + 1)
                + ",\"routes\":{\"normal_review\":" + (last - first + 1) + "}}";
        return envelope(site, device, seq, seq, item(seq, "compacted", payload));
    }

    /** An events batch with one alert event. */
    public static String event(String site, String device, long seq) {
        return envelope(site, device, seq, seq,
                item(seq, "event", "{\"type\":\"drift_critical\",\"severity\":\"critical\"}"));
    }

    public static String envelope(String site, String device, long firstSeq, long lastSeq, String items) {
        return "{\"schema\":\"intake.batch/1\",\"site\":\"" + site + "\",\"device\":\"" + device
                + "\",\"first_seq\":" + firstSeq + ",\"last_seq\":" + lastSeq
                + ",\"sent_at\":\"2026-11-23T09:41:07.120Z\",\"items\":[" + items + "]}";
    }

    public static String item(long seq, String kind, String payload) {
        return "{\"seq\":" + seq + ",\"kind\":\"" + kind + "\",\"created_at\":\"2026-11-23T09:40:59.001Z\","
                + "\"payload\":" + payload + "}";
    }

    public static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
