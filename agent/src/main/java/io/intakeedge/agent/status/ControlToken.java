package io.intakeedge.agent.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token of the control actions. The presented token and the configured one are compared as SHA-256
 * digests with {@link MessageDigest#isEqual} (constant time): neither the content nor the length of the configured
 * token leaks through how long a refusal takes. The token itself is never printed ({@link #toString()}).
 */
public final class ControlToken {
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    private ControlToken(byte[] digest) {
        this.digest = digest;
    }

    /** Empty when no token is configured: the control actions are then disabled. */
    public static Optional<ControlToken> of(String configured) {
        return configured == null || configured.isEmpty() ? Optional.empty()
                : Optional.of(new ControlToken(sha256(configured)));
    }

    /** Whether an {@code Authorization} header value carries this token ({@code Bearer <token>}). */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return matches(authorization.substring(SCHEME.length()).trim());
    }

    /** Constant-time comparison of {@code presented} with the configured token. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ControlToken[(set)]";
    }
}
