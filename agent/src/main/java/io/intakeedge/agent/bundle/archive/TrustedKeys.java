package io.intakeedge.agent.bundle.archive;

import io.intakeedge.agent.bundle.BundleException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The Ed25519 public keys a station trusts to sign bundles, read from PEM files ({@code -----BEGIN PUBLIC KEY-----},
 * X.509 SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes). A station only ever holds public keys: this
 * class refuses a file that holds a private key, so one can't end up in a station's config by mistake.
 */
public final class TrustedKeys {
    public static final String ALGORITHM = "Ed25519";
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    /** A trusted key and its fingerprint (sha256 of the DER SubjectPublicKeyInfo, first 16 hex digits). */
    public record Key(PublicKey key, String fingerprint, String source) {
    }

    private final List<Key> keys;

    private TrustedKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static TrustedKeys of(List<Path> pemFiles) throws BundleException {
        List<Key> keys = new ArrayList<>();
        for (Path file : pemFiles) {
            keys.add(read(file));
        }
        if (keys.isEmpty()) {
            throw new BundleException("no trusted bundle-signing key given: a station verifies against at least one");
        }
        return new TrustedKeys(keys);
    }

    public List<Key> keys() {
        return keys;
    }

    /** The trusted key whose signature over {@code message} is valid, if any. */
    public Optional<Key> signerOf(byte[] message, byte[] signature) {
        for (Key k : keys) {
            if (valid(k.key(), message, signature)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public static Key read(Path file) throws BundleException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BundleException("cannot read trusted key " + file + ": " + e, e);
        }
        if (pem.contains("PRIVATE KEY")) {
            throw new BundleException(file + " holds a PRIVATE key; a station trusts public keys only (give the "
                    + ".pub file that `keys generate` wrote)");
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new BundleException(file + " is not a PEM public key (" + BEGIN + " ... " + END + ")");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
            return new Key(key, fingerprint(der), file.toString());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new BundleException(file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** sha256 of a key's DER encoding, first 16 hex digits: what logs and `bundle inspect` show. */
    public static String fingerprint(byte[] der) {
        return Sha256.hex(der).substring(0, 16);
    }

    private static boolean valid(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }
}
