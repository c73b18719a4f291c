package io.intakeedge.sync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the real {@code openssl} for TLS tests (P-256 keys, PKCS#8 PEM): two CAs ({@code ca},
 * {@code other-ca}), server certificates for 127.0.0.1/localhost ({@code server}) and for another name
 * ({@code wrong-name}), client certificates from each CA ({@code client}, {@code stranger}).
 */
public final class TestPki {
    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        pki.ca("ca");
        pki.ca("other-ca");
        pki.signed("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        pki.signed("wrong-name", "ca", "subjectAltName=DNS:broker.example");
        pki.signed("client", "ca", "extendedKeyUsage=clientAuth");
        pki.signed("stranger", "other-ca", "extendedKeyUsage=clientAuth");
        return pki;
    }

    /** {@code NAME.pem}: the certificate. */
    public Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    /** {@code NAME.key}: its PKCS#8 private key. */
    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /** mosquitto listener lines: this server certificate, clients must show a certificate from {@code ca}. */
    public List<String> listener(String server) {
        return List.of("cafile " + cert("ca"), "certfile " + cert(server), "keyfile " + key(server),
                "require_certificate true");
    }

    private void ca(String name) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + name);
    }

    private void signed(String name, String ca, String extension) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }
}
