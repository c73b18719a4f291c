package io.intakeedge.agent.bundle.receipt;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.ReceiptPin;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.locator.BackgroundLocator;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs a bundle's validation receipt exactly (seed 001): the receipt's dataset identity and fixture inventory must
 * equal the frozen pin before any route is looked at — a missing, unexpected or duplicated fixture or a drifted
 * dataset holds the bundle — and then every fixture must get its expected route and reason through the station's
 * own path: quality analyzer (background first), the bundle's quality gate, its model with its pinned preprocessing,
 * its routing policy.
 */
public final class ReceiptCheck {
    private ReceiptCheck() {
    }

    /**
     * @param bundle a bundle loaded through {@code BundleLoader}
     * @param pin    the frozen receipt identity (from the signed archive manifest or release.yaml)
     * @throws BundleException when the receipt file, a frame or the model can't be read at all
     */
    public static ReceiptResult run(Bundle bundle, ReceiptPin pin, RuntimeOptions options) throws BundleException {
        Path file = inside(bundle.directory(), pin.file());
        ValidationReceipt receipt = ValidationReceipt.read(file);
        String held = identityOrInventory(receipt, pin);
        if (held != null) {
            return ReceiptResult.hold(held);
        }
        List<ReceiptResult.Row> rows = new ArrayList<>();
        try (Serving serving = Serving.open(bundle, options)) {
            for (ValidationReceipt.Fixture f : receipt.fixtures()) {
                rows.add(runOne(serving, file.getParent(), f));
            }
        } catch (ModelException e) {
            throw new BundleException("bundle " + bundle.displayName() + ": model can't be opened to run the "
                    + "receipt: " + e.getMessage(), e);
        }
        List<String> mismatched = rows.stream().filter(r -> !r.matches())
                .map(r -> r.fixtureId() + "(expected " + r.expectedRoute() + "/" + r.expectedReason() + ", got "
                        + r.actualRoute() + "/" + r.actualReason() + ")")
                .toList();
        return mismatched.isEmpty() ? new ReceiptResult(true, ReceiptResult.PASS, rows)
                : new ReceiptResult(false, "mismatch:" + String.join(",", mismatched), rows);
    }

    /** Seed 001's order: identity, then missing, unexpected, duplicated; null when exact. */
    static String identityOrInventory(ValidationReceipt receipt, ReceiptPin pin) {
        if (!pin.datasetId().equals(receipt.datasetId())) {
            return "dataset_id:" + receipt.datasetId();
        }
        if (!pin.datasetVersion().equals(receipt.datasetVersion())) {
            return "dataset_version:" + receipt.datasetVersion();
        }
        Map<String, Long> counts = receipt.fixtures().stream().collect(Collectors.groupingBy(
                ValidationReceipt.Fixture::id, LinkedHashMap::new, Collectors.counting()));
        TreeSet<String> missing = new TreeSet<>(pin.fixtures());
        missing.removeAll(counts.keySet());
        TreeSet<String> unexpected = new TreeSet<>(counts.keySet());
        pin.fixtures().forEach(unexpected::remove);
        TreeSet<String> duplicated = new TreeSet<>();
        counts.forEach((id, n) -> {
            if (n > 1) {
                duplicated.add(id);
            }
        });
        if (!missing.isEmpty()) {
            return "missing:" + String.join(",", missing);
        }
        if (!unexpected.isEmpty()) {
            return "unexpected:" + String.join(",", unexpected);
        }
        return duplicated.isEmpty() ? null : "duplicate:" + String.join(",", duplicated);
    }

    private static ReceiptResult.Row runOne(Serving serving, Path dir, ValidationReceipt.Fixture f)
            throws BundleException {
        BackgroundLocator locator = new BackgroundLocator(); // receipt frames come from a fixed station camera
        try (QualityAnalyzer analyzer = new QualityAnalyzer(locator)) {
            if (f.background() != null) {
                Mat background = decode(inside(dir, f.background()), f.id());
                locator.learn(background);
                background.release();
            }
            Mat frame = decode(inside(dir, f.frame()), f.id());
            try {
                QualityMetrics metrics = analyzer.analyze(frame);
                GateVerdict verdict = serving.policy().gate(metrics);
                ModelOutcome outcome = verdict.passed() ? classify(serving, frame, metrics) : ModelOutcome.notRun();
                Decision d = serving.policy().decide(verdict, outcome);
                return new ReceiptResult.Row(f.id(), f.slice(), f.route(), f.reason(), d.route().code(),
                        d.reason().code(), d.score());
            } finally {
                frame.release();
            }
        }
    }

    private static ModelOutcome classify(Serving serving, Mat frame, QualityMetrics metrics) {
        try {
            return ModelOutcome.scored(serving.backend().classify(frame, metrics.parcelBox().orElseThrow().toRect()));
        } catch (InferenceException e) {
            return ModelOutcome.failed(e);
        }
    }

    private static Mat decode(Path file, String fixture) throws BundleException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException("receipt fixture " + fixture + ": cannot read " + file + ": " + e, e);
        }
        MatOfByte buffer = new MatOfByte(bytes);
        Mat image = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
        buffer.release();
        if (image.empty()) {
            throw new BundleException("receipt fixture " + fixture + ": " + file + " is not a decodable image");
        }
        return image;
    }

    private static Path inside(Path dir, String name) throws BundleException {
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
            throw new BundleException("receipt file '" + name + "' is not a file inside " + dir);
        }
        return p;
    }
}
