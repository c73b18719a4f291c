package io.intakeedge.sync.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the socket factory for {@code ssl://} from PEM files with the JDK alone: X.509 certificates through
 * {@link CertificateFactory}, an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}, RSA or EC) through
 * {@link KeyFactory}. PEM because that is what mosquitto and openssl hand out; no keystore passwords to keep. Errors
 * name the setting and the file, never key material. Shared by the station's sync link and the collector.
 */
public final class TlsSockets {
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519"};

    private TlsSockets() {
    }

    /** The factory for the station's {@code sync.tls}; errors name {@code sync.tls.*}. */
    public static SSLSocketFactory factory(SyncConfig.Tls tls) {
        return factory(tls, "sync.tls");
    }

    /**
     * The factory for these PEM files; errors name {@code {setting}.ca_file} etc., so each program can point at its
     * own option names (the collector says {@code --tls-ca} style names).
     *
     * @throws IllegalArgumentException naming the setting and the file when a file is not what it should be
     */
    public static SSLSocketFactory factory(SyncConfig.Tls tls, String setting) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.caFile() != null) {
                KeyStore trust = emptyStore();
                Collection<? extends Certificate> cas = certificates(setting + ".ca_file", tls.caFile());
                int i = 0;
                for (Certificate ca : cas) {
                    trust.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.certFile() != null) {
                KeyStore keys = emptyStore();
                Certificate[] chain = certificates(setting + ".cert_file", tls.certFile())
                        .toArray(Certificate[]::new);
                keys.setKeyEntry("client", privateKey(setting + ".key_file", tls.keyFile()), new char[0], chain);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(setting + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Collection<? extends Certificate> certificates(String setting, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(setting + " '" + file + "' holds no certificate");
            }
            return certs;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + " '" + file + "' is not a PEM X.509"
                    + " certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String setting, Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(setting + " '" + file + "' is not an unencrypted PKCS#8 PEM key"
                    + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(setting + " '" + file + "' is not an RSA, EC or Ed25519 key");
    }
}
