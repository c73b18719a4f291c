package io.intakeedge.workbench.demo.model;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.DamageKind;
import io.intakeedge.capture.synthetic.ParcelSpec;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.Phase;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import io.intakeedge.quantization.runtime.RegionPixels;
import org.opencv.core.Rect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Cuts labelled parcel photos out of the synthetic conveyor scene: for each parcel whose photo is meant to be usable
 * (sharp, lit, fully in view: the only ones the quality gate lets through to the model), one STILL frame and the
 * ground-truth parcel box, preprocessed by the serving path's own {@link RegionPixels}. Blurred, dark and cut-off
 * parcels are skipped because the station never scores them.
 */
public final class ParcelCrops {
    private final PreprocessSpec spec;

    public ParcelCrops(PreprocessSpec spec) {
        this.spec = spec;
    }

    /**
     * Renders {@code count} usable parcels of the scene {@code scene} (its parcel count is raised as needed).
     *
     * @param jitter   each box edge moves by up to this fraction of the box size (0 for the exact box): the
     *                 station's detected box is never exactly the true one, so training sees a little of that
     * @param progress told the number of crops made so far, after each crop
     */
    public List<ParcelCrop> render(SceneConfig scene, int count, double jitter, IntConsumer progress) {
        // about 90 % of the training mix and 65 % of the standard mix are usable; the loop stops at count anyway
        SceneConfig config = scene.withMaxParcels(Math.max(scene.maxParcels(), count * 3 + 10));
        SplittableRandom random = new SplittableRandom(scene.seed() * 31 + 17);
        List<ParcelCrop> crops = new ArrayList<>(count);
        try (SyntheticConveyorSource source = new SyntheticConveyorSource(config, "training-cam")) {
            for (long parcel = 0; parcel < config.maxParcels() && crops.size() < count; parcel++) {
                ParcelSpec parcelSpec = source.parcel(parcel);
                // draw per parcel even when skipped, so parcel k gets the same frame and box whatever count asks
                int stillOffset = random.nextInt(config.framesStill());
                long jitterSeed = random.nextLong();
                if (parcelSpec.condition() != Condition.USABLE) {
                    continue;
                }
                long frameIndex = source.firstFrameOf(parcel) + config.framesEmptyBetween() + config.framesSliding()
                        + stillOffset;
                crops.add(crop(source, frameIndex, jitter, new SplittableRandom(jitterSeed)));
                progress.accept(crops.size());
            }
        }
        if (crops.size() < count) {
            throw new IllegalStateException("scene seed " + scene.seed() + " gave only " + crops.size()
                    + " usable parcels, " + count + " asked");
        }
        return crops;
    }

    private ParcelCrop crop(SyntheticConveyorSource source, long frameIndex, double jitter, SplittableRandom random) {
        ParcelTruth truth = source.truthOf(frameIndex).orElseThrow(() -> new IllegalStateException(
                "frame " + frameIndex + " shows no parcel"));
        if (truth.phase() != Phase.STILL) {
            throw new IllegalStateException("frame " + frameIndex + " is " + truth.phase() + ", not STILL");
        }
        try (Frame frame = source.frameAt(frameIndex)) {
            Rect box = jittered(truth.box(), jitter, random, frame.width(), frame.height());
            byte[] pixels = RegionPixels.pixels(frame.image(), box, spec);
            String id = String.format(Locale.ROOT, "seed=%d:parcel=%d:frame=%d", source.config().seed(),
                    truth.parcelId(), frameIndex);
            return new ParcelCrop(id, pixels, truth.damaged(), slices(truth, pixels));
        } catch (InferenceException e) {
            throw new IllegalStateException("cannot preprocess frame " + frameIndex + ": " + e.getMessage(), e);
        }
    }

    private static Rect jittered(Box box, double jitter, SplittableRandom random, int frameWidth, int frameHeight) {
        if (jitter == 0) {
            return box.toRect();
        }
        int dx0 = shift(box.width(), jitter, random);
        int dx1 = shift(box.width(), jitter, random);
        int dy0 = shift(box.height(), jitter, random);
        int dy1 = shift(box.height(), jitter, random);
        int x0 = Math.max(0, box.x() + dx0);
        int y0 = Math.max(0, box.y() + dy0);
        int x1 = Math.min(frameWidth, box.x() + box.width() + dx1);
        int y1 = Math.min(frameHeight, box.y() + box.height() + dy1);
        return new Rect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static int shift(int size, double jitter, SplittableRandom random) {
        return (int) Math.round(size * jitter * (2 * random.nextDouble() - 1));
    }

    /** Truth class, each damage kind, and a brightness band of the crop (INT8 errors hide in dark slices). */
    private static Set<String> slices(ParcelTruth truth, byte[] pixels) {
        Set<String> slices = new TreeSet<>();
        slices.add(truth.damaged() ? "damaged" : "intact");
        for (DamageKind kind : truth.damage()) {
            slices.add("damage:" + kind.name().toLowerCase(Locale.ROOT));
        }
        long sum = 0;
        for (byte p : pixels) {
            sum += p & 0xFF;
        }
        double mean = sum / (double) pixels.length;
        slices.add(mean < 100 ? "crop:darker" : mean < 150 ? "crop:mid" : "crop:brighter");
        return slices;
    }
}
