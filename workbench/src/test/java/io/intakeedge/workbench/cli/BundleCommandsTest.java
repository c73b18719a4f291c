package io.intakeedge.workbench.cli;

import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's round trip on the shipped demo bundle: keys generate → bundle build → sign → verify → inspect, with
 * the real model running the receipt; openssl agrees with the signature; refusals for the operator's mistakes.
 */
class BundleCommandsTest {
    private static final Path DEMO = Path.of("..", "bundles", "demo");

    @TempDir
    Path dir;

    @Test
    void keysBuildSignVerifyInspectRoundTrip() throws Exception {
        Path archive = signedDemo();

        CommandRun verify = CommandRun.of(new Main(), "bundle", "verify", archive, "--trust",
                dir.resolve("keys/bundle-signing.pub"), "--device-profile", "generic-x86_64");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("parcel-damage-demo@1.0.0", "exact_receipt_pass", "(7 fixtures)");

        CommandRun inspect = CommandRun.of(new Main(), "bundle", "inspect", archive);
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.out()).contains("intended_use", "known_failure_cases", "parcel-demo-scene-receipt",
                "2 x priority_damage_review/damage_threshold", "model.tflite",
                "1e99265f681027f00e1ef9058e41d35e166ba9a83527f7989097d8ed925cfc7a", "not verified");
    }

    @Test
    void opensslVerifiesTheSignatureToo() throws Exception {
        assumeTrue(onPath("openssl") && onPath("tar"), "openssl and tar are needed for this check");
        Path archive = signedDemo();
        Path x = Files.createDirectories(dir.resolve("x"));
        assertThat(run(x, "tar", "-xf", archive.toAbsolutePath().toString())).isZero();
        List<String> verify = List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                dir.resolve("keys/bundle-signing.pub").toAbsolutePath().toString(), "-rawin", "-in",
                ArchiveManifest.ENTRY, "-sigfile", ArchiveManifest.SIGNATURE_ENTRY);
        assertThat(run(x, verify.toArray(String[]::new))).isZero();

        Files.writeString(x.resolve(ArchiveManifest.ENTRY), Files.readString(x.resolve(ArchiveManifest.ENTRY))
                .replace("\"sequence\" : 1", "\"sequence\" : 9"));
        assertThat(run(x, verify.toArray(String[]::new))).as("openssl on a changed manifest").isNotZero();
    }

    @Test
    void wrongKeyUnsignedAndTamperedAreRefused() throws Exception {
        Path archive = signedDemo();
        CommandRun other = CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("other"));
        assertThat(other.exitCode()).isZero();

        CommandRun wrongKey = CommandRun.of(new Main(), "bundle", "verify", archive, "--trust",
                dir.resolve("other/bundle-signing.pub"), "--signature-only");
        assertThat(wrongKey.exitCode()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("unknown_signer");

        Path unsigned = dir.resolve("unsigned.tar");
        assertThat(CommandRun.of(new Main(), "bundle", "build", "--from", DEMO, "--out", unsigned).exitCode())
                .isZero();
        CommandRun noSig = CommandRun.of(new Main(), "bundle", "verify", unsigned, "--trust",
                dir.resolve("keys/bundle-signing.pub"));
        assertThat(noSig.exitCode()).isEqualTo(2);
        assertThat(noSig.err()).contains("unsigned");

        byte[] bytes = Files.readAllBytes(archive);
        byte[] model = Files.readAllBytes(DEMO.resolve("model.tflite"));
        int at = indexOf(bytes, Arrays.copyOf(model, 64));
        assertThat(at).as("model bytes inside the archive").isPositive();
        bytes[at + model.length / 2] ^= 0x01; // one bit of one weight
        Path tampered = Files.write(dir.resolve("tampered.tar"), bytes);
        CommandRun changed = CommandRun.of(new Main(), "bundle", "verify", tampered, "--trust",
                dir.resolve("keys/bundle-signing.pub"));
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("tampered_file", "model.tflite");

        CommandRun privateAsTrust = CommandRun.of(new Main(), "bundle", "verify", archive, "--trust",
                dir.resolve("keys/bundle-signing.key"));
        assertThat(privateAsTrust.exitCode()).isEqualTo(2);
        assertThat(privateAsTrust.err()).contains("PRIVATE key");
    }

    @Test
    void buildRefusesABundleBelowItsAgreementLimitOrFailingItsReceipt() throws Exception {
        Path low = copyDemo("low");
        Files.writeString(low.resolve("agreement.json"), Files.readString(low.resolve("agreement.json"))
                .replaceFirst("\"top1_agreement\" : 1.0", "\"top1_agreement\" : 0.91"));
        CommandRun lowRun = CommandRun.of(new Main(), "bundle", "build", "--from", low, "--out", dir.resolve("l.tar"));
        assertThat(lowRun.exitCode()).isEqualTo(2);
        assertThat(lowRun.err()).contains("top-1 agreement 0.91", "limit 0.98");
        assertThat(dir.resolve("l.tar")).doesNotExist();

        Path failing = copyDemo("failing");
        Files.writeString(failing.resolve("manifest.yaml"), Files.readString(failing.resolve("manifest.yaml"))
                .replace("damage_threshold: 0.70", "damage_threshold: 1.0"));
        CommandRun failRun = CommandRun.of(new Main(), "bundle", "build", "--from", failing, "--out",
                dir.resolve("f.tar"));
        assertThat(failRun.exitCode()).isEqualTo(2);
        assertThat(failRun.err()).contains("fails its own validation receipt", "mismatch:damaged_parcel_");
        assertThat(dir.resolve("f.tar")).doesNotExist();
    }

    @Test
    void buildRefusesAFileNameAStationWouldRefuse() throws Exception {
        Path spaced = copyDemo("spaced");
        Files.writeString(spaced.resolve("notes for ops.txt"), "hello\n");
        CommandRun run = CommandRun.of(new Main(), "bundle", "build", "--from", spaced, "--out", dir.resolve("s.tar"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("would be refused by a station", "bad_path", "notes for ops.txt");
        assertThat(dir.resolve("s.tar")).doesNotExist();
    }

    private Path signedDemo() throws Exception {
        if (!Files.exists(dir.resolve("keys/bundle-signing.key"))) {
            assertThat(CommandRun.of(new Main(), "keys", "generate", "--out", dir.resolve("keys")).exitCode())
                    .isZero();
        }
        Path archive = dir.resolve("demo.bundle.tar");
        CommandRun build = CommandRun.of(new Main(), "bundle", "build", "--from", DEMO, "--out", archive);
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out()).contains("exact_receipt_pass");
        CommandRun sign = CommandRun.of(new Main(), "bundle", "sign", archive, "--key",
                dir.resolve("keys/bundle-signing.key"));
        assertThat(sign.exitCode()).as(sign.toString()).isZero();
        return archive;
    }

    private Path copyDemo(String name) throws IOException {
        Path target = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(DEMO)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(DEMO.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
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
        return -1;
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("which", tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
