package io.intakeedge.workbench.calibration;

import io.intakeedge.agent.calibration.CalibrationImage;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.agreement.LabelledSample;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.ModelInputs;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the samples of an agreement check. A sample's input is the region as serving crops and resizes it
 * ({@link ModelInputs#pixels}), so both models can then be run through their real serving backends
 * ({@link RegionClassifier}). Slices: {@code brightness:dark|bright} (mean luma of that region against a threshold),
 * {@code camera:<id>}, {@code label:<name>}, {@code origin:<sub-folder>} for images in a sub-folder of their label
 * folder, {@code route:<code>} for station exports and {@code condition:<name>} for synthetic parcels.
 */
public final class AgreementSamples {
    /** Folder of images whose class is not known. */
    public static final String UNLABELLED = "unlabelled";

    private final PreprocessSpec spec;
    private final List<String> labels;
    private final double darkBelow;

    /**
     * @param labels    the model's output labels, in output order
     * @param darkBelow mean luma (0..1) of the model's region under which a sample is in the "dark" slice
     */
    public AgreementSamples(PreprocessSpec spec, List<String> labels, double darkBelow) {
        if (!(darkBelow > 0 && darkBelow < 1)) {
            throw new IllegalArgumentException("dark threshold must be in (0, 1), got " + darkBelow);
        }
        this.spec = spec;
        this.labels = List.copyOf(labels);
        this.darkBelow = darkBelow;
    }

    /**
     * Images in {@code <dir>/<label>/} (label as the model names it) and {@code <dir>/unlabelled/}; a directory
     * exported from a station (with a calibration manifest) is unlabelled and sliced by route instead.
     *
     * @param skipped receives {@code file: reason} for each unreadable image
     * @throws IllegalArgumentException when a folder is neither a label nor {@value #UNLABELLED}
     */
    public List<LabelledSample> fromDirectory(CalibrationSet set, List<String> skipped) {
        boolean exported = set.manifest().isPresent();
        List<LabelledSample> samples = new ArrayList<>();
        for (CalibrationImage image : set.images()) {
            int gold = exported ? LabelledSample.UNLABELLED : goldOf(image);
            Mat bgr;
            try {
                bgr = CalibrationSet.decode(image.file());
            } catch (CalibrationSet.UnreadableImageException e) {
                skipped.add(image.relative() + ": " + e.getMessage());
                continue;
            }
            try {
                float[] pixels = ModelInputs.pixels(bgr, CalibrationInputs.regionOf(image, bgr), spec);
                Set<String> slices = new HashSet<>();
                slices.add(brightnessSlice(pixels));
                image.camera().ifPresent(c -> slices.add("camera:" + c));
                image.route().ifPresent(r -> slices.add("route:" + r));
                originOf(image).ifPresent(o -> slices.add("origin:" + o));
                if (gold >= 0 && gold < labels.size()) {
                    slices.add("label:" + labels.get(gold));
                }
                samples.add(new LabelledSample(image.relative(), pixels, gold, slices));
            } catch (InferenceException e) {
                skipped.add(image.relative() + ": " + e.getMessage());
            } finally {
                bgr.release();
            }
        }
        return samples;
    }

    /**
     * The still parcels of the synthetic conveyor scene ({@link SceneConfig#standard}), cropped at their true box,
     * with their true class: {@code count} parcels of every condition but out-of-frame.
     *
     * @param positive index of the damage label; intact parcels get the other label of a two-label model (or, for
     *                 a single logistic score, index 1 as the agreement gate reads it)
     */
    public List<LabelledSample> synthetic(long seed, int count, int positive) {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be >= 1, got " + count);
        }
        List<LabelledSample> samples = new ArrayList<>();
        SceneConfig config = SceneConfig.standard(seed).withMaxParcels(count * 2 + 20);
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(config, "synthetic-cam")) {
            for (long parcel = 0; parcel < config.maxParcels() && samples.size() < count; parcel++) {
                if (scene.parcel(parcel).condition() == Condition.OUT_OF_FRAME) {
                    continue;
                }
                long index = scene.middleStillFrame(parcel);
                ParcelTruth truth = scene.truthOf(index).orElseThrow();
                try (Frame frame = scene.frameAt(index)) {
                    float[] pixels = ModelInputs.pixels(frame.image(), truth.box().toRect(), spec);
                    int gold = truth.damaged() ? positive : intactLabel(positive);
                    Set<String> slices = Set.of(brightnessSlice(pixels),
                            "condition:" + truth.condition().name().toLowerCase(Locale.ROOT),
                            "camera:" + scene.cameraId());
                    samples.add(new LabelledSample("synthetic:seed=" + seed + ":parcel=" + truth.parcelId(), pixels,
                            gold, slices));
                } catch (InferenceException e) {
                    throw new IllegalStateException("synthetic parcel " + parcel + " could not be cropped: "
                            + e.getMessage(), e);
                }
            }
        }
        return samples;
    }

    private int intactLabel(int positive) {
        if (labels.size() == 1) {
            return 1;
        }
        return labels.size() == 2 ? 1 - positive : LabelledSample.UNLABELLED;
    }

    private int goldOf(CalibrationImage image) {
        Optional<String> folder = image.folder();
        if (folder.isEmpty() || folder.get().equals(UNLABELLED)) {
            return LabelledSample.UNLABELLED;
        }
        int index = labels.indexOf(folder.get());
        if (index < 0) {
            throw new IllegalArgumentException("folder '" + folder.get() + "' is neither a label of the model "
                    + labels + " nor '" + UNLABELLED + "'");
        }
        return index;
    }

    /** The sub-folder under the label (or route) folder, e.g. {@code dock3} for {@code damaged/dock3/x.jpg}. */
    private static Optional<String> originOf(CalibrationImage image) {
        int first = image.relative().indexOf('/');
        int last = image.relative().lastIndexOf('/');
        return first < 0 || last == first ? Optional.empty()
                : Optional.of(image.relative().substring(first + 1, last));
    }

    /** Mean luma (BT.601) of the BGR region pixels against the dark threshold. */
    private String brightnessSlice(float[] bgrPixels) {
        double sum = 0;
        for (int i = 0; i + 2 < bgrPixels.length; i += 3) {
            sum += 0.114 * bgrPixels[i] + 0.587 * bgrPixels[i + 1] + 0.299 * bgrPixels[i + 2];
        }
        double mean = sum / (bgrPixels.length / 3) / 255.0;
        return mean < darkBelow ? "brightness:dark" : "brightness:bright";
    }
}
