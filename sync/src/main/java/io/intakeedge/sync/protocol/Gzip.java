package io.intakeedge.sync.protocol;

import io.intakeedge.sync.protocol.ProtocolException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The contract's content types and the one place payloads are compressed and inflated under a limit. */
public final class Gzip {
    /** Content type of an uncompressed JSON message. */
    public static final String JSON = "application/json";
    /** Content type of a gzip-compressed JSON message. */
    public static final String JSON_GZIP = "application/json+gzip";

    private Gzip() {
    }

    /** Compresses with BEST_SPEED: traces are repetitive JSON, level 1 already shrinks them ~5x. */
    public static byte[] compress(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The JSON bytes of a received payload: checks the wire size, then inflates when the content type says gzip (or,
     * with no content type as from an MQTT 3 publisher, when the gzip magic number is there).
     */
    public static byte[] decode(byte[] payload, String contentType, PayloadLimits limits) {
        if (payload == null || payload.length == 0) {
            throw new ProtocolException(Reason.MALFORMED, "empty payload");
        }
        if (payload.length > limits.maxWireBytes()) {
            throw new ProtocolException(Reason.OVERSIZED, "payload of " + payload.length
                    + " bytes exceeds the limit of " + limits.maxWireBytes());
        }
        if (contentType == null) {
            return hasMagic(payload) ? inflate(payload, limits.maxDecodedBytes()) : payload;
        }
        if (JSON.equalsIgnoreCase(contentType)) {
            return payload;
        }
        if (JSON_GZIP.equalsIgnoreCase(contentType)) {
            return inflate(payload, limits.maxDecodedBytes());
        }
        throw new ProtocolException(Reason.UNDECODABLE, "unsupported content-type '" + contentType + "': expected "
                + JSON + " or " + JSON_GZIP);
    }

    private static boolean hasMagic(byte[] payload) {
        return payload.length >= 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    }

    private static byte[] inflate(byte[] compressed, int limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] json = in.readNBytes(limit + 1);
            if (json.length > limit) {
                throw new ProtocolException(Reason.OVERSIZED, "gzip payload inflates beyond the limit of " + limit
                        + " bytes");
            }
            return json;
        } catch (IOException e) {
            throw new ProtocolException(Reason.UNDECODABLE, "payload announced as " + JSON_GZIP
                    + " is not valid gzip: " + e.getMessage(), e);
        }
    }
}
