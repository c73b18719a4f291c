package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.cli.CommandRun;
import io.intakeedge.workbench.bundle.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys generate}: an owner-only PKCS#8 private key, an X.509 public key, never an overwrite. */
class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void privateKeyIsOwnerOnlyAndPublicKeyIsPem() throws Exception {
        CommandRun keys = CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("keys"));
        assertThat(keys.exitCode()).as(keys.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(
                "keys/bundle-signing.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("keys/bundle-signing.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("keys/bundle-signing.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(keys.out()).doesNotContain("BEGIN");

        CommandRun again = CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("keys"));
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("exists");
    }

    @Test
    void theSignerHintIsOnlyWrittenForTheMatchingPublicKey() throws Exception {
        assertThat(CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("a")).exitCode()).isZero();
        assertThat(CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("b")).exitCode()).isZero();
        Path key = dir.resolve("a/bundle-signing.key");
        var priv = SigningKeys.readPrivate(key);
        String fingerprintA = TrustedKeys.read(dir.resolve("a/bundle-signing.pub"))
                .fingerprint();
        assertThat(SigningKeys.matchingFingerprint(key, priv)).contains(fingerprintA);

        Files.copy(dir.resolve("b/bundle-signing.pub"), dir.resolve("a/bundle-signing.pub"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(SigningKeys.matchingFingerprint(key, priv)).isEmpty();
    }
}
