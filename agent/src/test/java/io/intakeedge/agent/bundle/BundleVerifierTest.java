package io.intakeedge.agent.bundle;

import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.ArchiveManifest;
import io.intakeedge.agent.bundle.archive.Refusal;
import io.intakeedge.agent.bundle.archive.TarWriter;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The station's check of a bundle archive with the shipped demo bundle and its real INT8 model: only an intact
 * archive signed by a trusted key whose receipt passes exactly is accepted; everything else is refused with its reason.
 */
class BundleVerifierTest {
    private static final BundleVerifier.Station STATION = new BundleVerifier.Station("0.1.0",
            Optional.of("generic-x86_64"));

    @TempDir
    Path tmp;

    private KeyPair key;
    private BundleVerifier verifier;
    private int run;

    @BeforeEach
    void trustOneKey() throws Exception {
        key = ArchiveFixtures.keyPair();
        TrustedKeys trust = TrustedKeys.of(List.of(ArchiveFixtures.writePublic(tmp.resolve("trusted.pub"), key)));
        verifier = new BundleVerifier(trust, ArchiveLimits.DEFAULTS, RuntimeOptions.defaults());
    }

    @Test
    void signedDemoBundlePassesItsExactReceipt() throws Exception {
        Path archive = ArchiveFixtures.write(tmp.resolve("ok.tar"), ArchiveFixtures.signed(
                ArchiveFixtures.pack(ArchiveFixtures.DEMO), key));

        BundleVerifier.Verified v = verifier.verify(archive, tmp.resolve("work"), STATION);

        assertThat(v.bundle().displayName()).isEqualTo("parcel-damage-demo@1.0.0");
        assertThat(v.signer()).isEqualTo(ArchiveFixtures.fingerprint(key));
        assertThat(v.receipt().reason()).isEqualTo("exact_receipt_pass");
        assertThat(v.receipt().rows()).hasSize(7).allMatch(r -> r.matches());
        assertThat(v.receipt().rows()).extracting(r -> r.actualRoute()).contains("priority_damage_review",
                "normal_review", "request_new_photo");
    }

    @Test
    void aChangedFileIsTampered() throws Exception {
        List<TarWriter.Entry> entries = ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.DEMO), key);
        byte[] labels = "damaged\nintact\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(ArchiveFixtures.replace(entries, "bundle/labels.txt", labels), Refusal.TAMPERED, "labels.txt");
    }

    @Test
    void aChangedManifestBreaksTheSignature() throws Exception {
        List<TarWriter.Entry> entries = ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.DEMO), key);
        byte[] manifest = new String(entries.get(0).bytes(), StandardCharsets.UTF_8)
                .replace("\"sequence\" : 1", "\"sequence\" : 2").getBytes(StandardCharsets.UTF_8);
        assertRefused(ArchiveFixtures.replace(entries, ArchiveManifest.ENTRY, manifest), Refusal.BAD_SIGNATURE,
                "does not verify");
    }

    @Test
    void anotherKeyIsAnUnknownSigner() throws Exception {
        List<TarWriter.Entry> entries = ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.DEMO),
                ArchiveFixtures.keyPair());
        assertRefused(entries, Refusal.UNKNOWN_SIGNER, "does not trust");
    }

    @Test
    void unsignedAndTruncatedArchivesAreRefused() throws Exception {
        assertRefused(ArchiveFixtures.pack(ArchiveFixtures.DEMO), Refusal.UNSIGNED, "no signature");

        Path whole = ArchiveFixtures.write(tmp.resolve("whole.tar"), ArchiveFixtures.signed(
                ArchiveFixtures.pack(ArchiveFixtures.DEMO), key));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("cut.tar"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThatThrownBy(() -> verifier.verify(cut, tmp.resolve("cut"), STATION))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.refusal())
                        .isEqualTo(Refusal.TRUNCATED));
    }

    @Test
    void extraAndMissingFilesAreRefused() throws Exception {
        List<TarWriter.Entry> signed = ArchiveFixtures.signed(ArchiveFixtures.pack(ArchiveFixtures.DEMO), key);
        List<TarWriter.Entry> extra = new java.util.ArrayList<>(signed);
        extra.add(new TarWriter.Entry("bundle/payload.sh", "rm -rf /\n".getBytes(StandardCharsets.UTF_8)));
        assertRefused(extra, Refusal.UNLISTED_FILE, "payload.sh");

        List<TarWriter.Entry> missing = signed.stream().filter(e -> !e.name().equals("bundle/model.tflite")).toList();
        assertRefused(missing, Refusal.MISSING_FILE, "model.tflite");
    }

    @Test
    void aFailingReceiptHoldsTheBundle() throws Exception {
        assertReceiptHold(dir -> rewrite(dir.resolve("manifest.yaml"), s -> s.replace("damage_threshold: 0.70",
                "damage_threshold: 1.0")), "mismatch:damaged_parcel_6(expected priority_damage_review/"
                + "damage_threshold, got normal_review/below_threshold)");
    }

    @Test
    void anIncompleteReceiptHoldsTheBundle() throws Exception {
        assertReceiptHold(dir -> rewrite(dir.resolve("receipt/receipt.json"), s -> s.replaceFirst(
                "(?s)\\{\\s*\"id\" : \"intact_parcel_3\".*?}, ", "")), "missing:intact_parcel_3");
    }

    @Test
    void aDuplicatedOrUnexpectedFixtureHoldsTheBundle() throws Exception {
        assertReceiptHold(dir -> rewrite(dir.resolve("receipt/receipt.json"), s -> s.replace(
                "\"fixtures\" : [ {", "\"fixtures\" : [ {\"id\" : \"intact_parcel_1\", \"slice\" : \"intact\", "
                        + "\"frame\" : \"frames/intact_parcel_1.jpg\", \"background\" : \"frames/belt.jpg\", "
                        + "\"route\" : \"normal_review\", \"reason\" : \"below_threshold\"}, {")),
                "duplicate:intact_parcel_1");
        assertReceiptHold(dir -> rewrite(dir.resolve("receipt/receipt.json"), s -> s.replace(
                "\"fixtures\" : [ {", "\"fixtures\" : [ {\"id\" : \"easy_extra\", \"slice\" : \"intact\", "
                        + "\"frame\" : \"frames/intact_parcel_1.jpg\", \"background\" : \"frames/belt.jpg\", "
                        + "\"route\" : \"normal_review\", \"reason\" : \"below_threshold\"}, {")),
                "unexpected:easy_extra");
    }

    @Test
    void aDriftedDatasetHoldsTheBundle() throws Exception {
        assertReceiptHold(dir -> rewrite(dir.resolve("receipt/receipt.json"), s -> s.replace(
                "standard-seed-505-v1", "standard-seed-505-v2")), "dataset_version:standard-seed-505-v2");
        assertReceiptHold(dir -> rewrite(dir.resolve("receipt/receipt.json"), s -> s.replace(
                "parcel-demo-scene-receipt", "other-dataset")), "dataset_id:other-dataset");
    }

    @Test
    void anotherDeviceProfileOrAnOlderAgentIsIncompatible() throws Exception {
        Path archive = ArchiveFixtures.write(tmp.resolve("ok.tar"), ArchiveFixtures.signed(
                ArchiveFixtures.pack(ArchiveFixtures.DEMO), key));
        assertThatThrownBy(() -> verifier.verify(archive, tmp.resolve("w1"), new BundleVerifier.Station("0.1.0",
                Optional.of("raspberry-pi-3")))).isInstanceOfSatisfying(ArchiveException.class, e ->
                assertThat(e.refusal()).isEqualTo(Refusal.INCOMPATIBLE));
        assertThatThrownBy(() -> verifier.verify(archive, tmp.resolve("w2"), new BundleVerifier.Station("0.0.9",
                Optional.empty()))).hasMessageContaining("needs agent 0.1.0 or newer");
    }

    @Test
    void aProfileRenamedSinceTheReleaseIsStillTheSameProfile() throws Exception {
        // the demo bundle's release names the deprecated id generic-x86_64; stations now run generic-linux-x86_64
        Path archive = ArchiveFixtures.write(tmp.resolve("renamed.tar"), ArchiveFixtures.signed(
                ArchiveFixtures.pack(ArchiveFixtures.DEMO), key));
        assertThat(verifier.verify(archive, tmp.resolve("w3"), new BundleVerifier.Station("0.1.0",
                Optional.of("generic-linux-x86_64"))).bundle()).isNotNull();
    }

    private void assertReceiptHold(ThrowingEdit edit, String reason) throws Exception {
        Path dir = ArchiveFixtures.copyDemo(tmp.resolve("bundle-" + (++run)));
        edit.apply(dir);
        assertRefused(ArchiveFixtures.signed(ArchiveFixtures.pack(dir), key), Refusal.RECEIPT_FAILED, reason);
    }

    private void assertRefused(List<TarWriter.Entry> entries, Refusal refusal, String detail) throws Exception {
        Path archive = ArchiveFixtures.write(tmp.resolve("a" + (++run) + ".tar"), entries);
        assertThatThrownBy(() -> verifier.verify(archive, tmp.resolve("work" + run), STATION))
                .isInstanceOfSatisfying(ArchiveException.class, e -> {
                    assertThat(e.refusal()).as(e.getMessage()).isEqualTo(refusal);
                    assertThat(e.getMessage()).startsWith(refusal.code()).contains(detail);
                });
    }

    private static void rewrite(Path file, UnaryOperator<String> edit) throws Exception {
        String before = Files.readString(file);
        String after = edit.apply(before);
        assertThat(after).as("the test's edit of " + file).isNotEqualTo(before);
        Files.writeString(file, after);
    }

    private interface ThrowingEdit {
        void apply(Path dir) throws Exception;
    }
}
