package io.intakeedge.workbench.bundle;

import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.TrustedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The operator's Ed25519 bundle-signing key pair, in the PEM forms openssl reads: the private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, file mode 600), the public key as X.509 SubjectPublicKeyInfo. Only the
 * workbench touches private keys; stations get the {@code .pub} file.
 */
public final class SigningKeys {
    public static final String PRIVATE_FILE = "bundle-signing.key";
    public static final String PUBLIC_FILE = "bundle-signing.pub";

    private SigningKeys() {
    }

    /** Paths written and the public key's fingerprint. */
    public record Generated(Path privateKey, Path publicKey, String fingerprint) {
    }

    /** Generates a pair into {@code dir}; refuses to overwrite an existing key (losing one strands a fleet). */
    public static Generated generate(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p + " exists; move it away first, a lost signing key can't be "
                        + "recovered");
            }
        }
        KeyPair pair = KeyPairGenerator.getInstance(TrustedKeys.ALGORITHM).generateKeyPair();
        // created with mode 600 from the start, so the key is never readable by others, not even briefly
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return new Generated(priv, pub, TrustedKeys.fingerprint(pair.getPublic().getEncoded()));
    }

    public static PrivateKey readPrivate(Path file) throws BundleException {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new BundleException(file + " is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            return KeyFactory.getInstance(TrustedKeys.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new BundleException("cannot read signing key " + file + ": " + e, e);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new BundleException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(TrustedKeys.ALGORITHM);
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
    }

    /**
     * The fingerprint of the public key stored next to {@code privateKey} ({@code x.key} → {@code x.pub}), when that
     * file exists and really belongs to the key (checked by a test signature): the unsigned hint that lets a station
     * say "unknown signer" instead of "bad signature". Ed25519 PKCS#8 v1 does not carry the public key itself.
     */
    public static java.util.Optional<String> matchingFingerprint(Path privateKey, PrivateKey key)
            throws GeneralSecurityException {
        String name = privateKey.getFileName().toString();
        Path pub = privateKey.resolveSibling(name.endsWith(".key") ? name.substring(0, name.length() - 4) + ".pub"
                : name + ".pub");
        if (!Files.isRegularFile(pub)) {
            return java.util.Optional.empty();
        }
        try {
            TrustedKeys.Key candidate = TrustedKeys.read(pub);
            byte[] probe = "intake-edge key pairing probe".getBytes(StandardCharsets.US_ASCII);
            Signature verifier = Signature.getInstance(TrustedKeys.ALGORITHM);
            verifier.initVerify(candidate.key());
            verifier.update(probe);
            return verifier.verify(sign(key, probe)) ? java.util.Optional.of(candidate.fingerprint())
                    : java.util.Optional.empty();
        } catch (BundleException e) {
            return java.util.Optional.empty();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
