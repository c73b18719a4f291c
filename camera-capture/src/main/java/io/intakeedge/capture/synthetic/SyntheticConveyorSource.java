package io.intakeedge.capture.synthetic;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A deterministic intake station seen by a fixed camera: empty belt, a parcel slides in, stands still (with a pixel
 * of jitter), slides out; repeat. Same {@link SceneConfig} (seed included) gives identical pixels, and any frame can
 * be rendered on its own ({@link #frameAt}), so tests and trainers can jump straight to the frames they need.
 * Ground truth for every frame comes from {@link #truthOf}.
 *
 * <p>Each parcel is rendered once into a sprite; a frame is the belt copy, the sprite pasted at its position, the
 * parcel's condition (blur over its region, dark gain), a small lighting flicker and sensor noise.
 * Not thread-safe: one consumer per source.
 */
public final class SyntheticConveyorSource implements FrameSource {
    /** Scene clock: 30 frames per second from a fixed start, so timestamps are deterministic too. */
    public static final Instant SCENE_START = Instant.parse("2026-01-01T08:00:00Z");
    public static final Duration FRAME_INTERVAL = Duration.ofNanos(1_000_000_000L / 30);

    private final SceneConfig config;
    private final String cameraId;
    private final long frameCount;
    private final Belt belt;
    private final ParcelRenderer renderer = new ParcelRenderer();
    private long nextIndex;
    private long cachedParcel = -1;
    private ParcelSprite cachedSprite;

    public SyntheticConveyorSource(SceneConfig config) {
        this(config, "synthetic-cam", config.totalFrames());
    }

    public SyntheticConveyorSource(SceneConfig config, String cameraId) {
        this(config, cameraId, config.totalFrames());
    }

    /** A scene cut after {@code maxFrames} frames (or its natural end, whichever comes first). */
    public SyntheticConveyorSource(SceneConfig config, String cameraId, long maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be >= 0, got " + maxFrames);
        }
        OpenCv.load();
        this.config = config;
        this.cameraId = cameraId;
        this.frameCount = Math.min(maxFrames, config.totalFrames());
        this.belt = new Belt(config.seed(), config.width(), config.height());
    }

    public SceneConfig config() {
        return config;
    }

    /** How many frames {@link #next} delivers in total. */
    public long frameCount() {
        return frameCount;
    }

    @Override
    public String cameraId() {
        return cameraId;
    }

    @Override
    public Optional<Frame> next() {
        if (nextIndex >= frameCount) {
            return Optional.empty();
        }
        return Optional.of(frameAt(nextIndex++));
    }

    /** Renders frame {@code index} (0-based) independently of the stream position. The caller closes it. */
    public Frame frameAt(long index) {
        if (index < 0 || index >= frameCount) {
            throw new IndexOutOfBoundsException("frame " + index + " outside 0.." + (frameCount - 1));
        }
        Mat image = belt.background().clone();
        double flicker = 1.0 + 0.004 * (Math.floorMod(mix(index), 5) - 2);
        double gain = flicker;
        Optional<Placement> placement = placement(index);
        if (placement.isPresent()) {
            Placement p = placement.get();
            compose(image, sprite(p.parcelIndex()), p);
            gain *= p.spec().gain();
        }
        image.convertTo(image, -1, gain, 0);
        belt.addNoise(image, mix(index * 31 + 7));
        return new Frame(cameraId, index, SCENE_START.plus(FRAME_INTERVAL.multipliedBy(index)), image,
                "synthetic:seed=" + config.seed() + ":frame=" + index);
    }

    /** Ground truth of frame {@code index}; empty while the belt is empty (or past the end). */
    public Optional<ParcelTruth> truthOf(long frameIndex) {
        if (frameIndex < 0 || frameIndex >= frameCount) {
            return Optional.empty();
        }
        return placement(frameIndex).map(p -> new ParcelTruth(p.spec().id(), p.spec().damaged(),
                p.spec().damage(), p.spec().condition(), p.visibleBox(config.width(), config.height()), p.phase()));
    }

    /** What parcel {@code parcelIndex} (0-based) looks like, without rendering it. */
    public ParcelSpec parcel(long parcelIndex) {
        return ParcelSpec.of(config, parcelIndex);
    }

    /** Index of the frame in the middle of parcel {@code parcelIndex}'s still phase. */
    public long middleStillFrame(long parcelIndex) {
        return firstFrameOf(parcelIndex) + config.framesEmptyBetween() + config.framesSliding()
                + config.framesStill() / 2;
    }

    /** Index of the first (empty-belt) frame of parcel {@code parcelIndex}'s cycle. */
    public long firstFrameOf(long parcelIndex) {
        return parcelIndex * config.framesPerParcel();
    }

    @Override
    public void close() {
        releaseSprite();
        belt.close();
    }

    private Optional<Placement> placement(long index) {
        long parcel = index / config.framesPerParcel();
        int pos = (int) (index % config.framesPerParcel()) - config.framesEmptyBetween();
        if (parcel >= config.maxParcels() || pos < 0) {
            return Optional.empty();
        }
        ParcelSpec spec = ParcelSpec.of(config, parcel);
        Size size = ParcelRenderer.spriteSize(spec);
        double[] still = stillCentre(spec, size);
        int sliding = config.framesSliding();
        Phase phase;
        double cx;
        double cy = still[1];
        if (pos < sliding) {
            phase = Phase.ARRIVING;
            double start = -size.width / 2;
            cx = start + (still[0] - start) * (pos + 1) / (sliding + 1);
        } else if (pos < sliding + config.framesStill()) {
            phase = Phase.STILL;
            long h = mix(index);
            cx = still[0] + Math.floorMod(h, 3) - 1;
            cy += Math.floorMod(h >> 8, 3) - 1;
        } else {
            phase = Phase.LEAVING;
            int k = pos - sliding - config.framesStill() + 1;
            double end = config.width() + size.width / 2;
            cx = still[0] + (end - still[0]) * k / (sliding + 1);
        }
        int x = (int) Math.round(cx - size.width / 2);
        int y = (int) Math.round(cy - size.height / 2);
        return Optional.of(new Placement(parcel, spec, phase, new Rect(x, y, (int) size.width, (int) size.height)));
    }

    /** Where the parcel's centre stops: inside the frame with a margin, or across one border when out of frame. */
    private double[] stillCentre(ParcelSpec spec, Size size) {
        double w = config.width();
        double h = config.height();
        double margin = 26 * w / 640.0; // blurred edges spread ~3 sigma; keep them off the border
        double cx = margin + size.width / 2 + spec.placeX() * Math.max(0, w - 2 * margin - size.width);
        double cy = margin + size.height / 2 + spec.placeY() * Math.max(0, h - 2 * margin - size.height);
        switch (spec.borderSide()) {
            case 0 -> cy = size.height / 2 - spec.outside() * size.height;
            case 1 -> cy = h - size.height / 2 + spec.outside() * size.height;
            case 2 -> cx = size.width / 2 - spec.outside() * size.width;
            case 3 -> cx = w - size.width / 2 + spec.outside() * size.width;
            default -> {
                // fully inside
            }
        }
        return new double[] {cx, cy};
    }

    private void compose(Mat image, ParcelSprite sprite, Placement p) {
        Rect frameRect = new Rect(0, 0, image.cols(), image.rows());
        Rect on = intersect(p.rect(), frameRect);
        if (on.width <= 0 || on.height <= 0) {
            return;
        }
        Rect inSprite = new Rect(on.x - p.rect().x, on.y - p.rect().y, on.width, on.height);
        Mat dst = image.submat(on);
        Mat src = sprite.image().submat(inSprite);
        Mat mask = sprite.mask().submat(inSprite);
        src.copyTo(dst, mask);
        dst.release();
        src.release();
        mask.release();
        if (p.spec().blurSigma() > 0) {
            // blur the parcel and a margin around it, like an out-of-focus lens, so its edges blur into the belt too
            int pad = (int) Math.ceil(3 * p.spec().blurSigma());
            Rect region = intersect(new Rect(p.rect().x - pad, p.rect().y - pad, p.rect().width + 2 * pad,
                    p.rect().height + 2 * pad), frameRect);
            Mat roi = image.submat(region);
            Imgproc.GaussianBlur(roi, roi, new Size(0, 0), p.spec().blurSigma());
            roi.release();
        }
    }

    private ParcelSprite sprite(long parcelIndex) {
        if (parcelIndex != cachedParcel) {
            releaseSprite();
            cachedSprite = renderer.render(ParcelSpec.of(config, parcelIndex));
            cachedParcel = parcelIndex;
        }
        return cachedSprite;
    }

    private void releaseSprite() {
        if (cachedSprite != null) {
            cachedSprite.close();
            cachedSprite = null;
            cachedParcel = -1;
        }
    }

    static Rect intersect(Rect a, Rect b) {
        int x = Math.max(a.x, b.x);
        int y = Math.max(a.y, b.y);
        int r = Math.min(a.x + a.width, b.x + b.width);
        int bottom = Math.min(a.y + a.height, b.y + b.height);
        return new Rect(x, y, Math.max(0, r - x), Math.max(0, bottom - y));
    }

    /** SplitMix64 finaliser: a stateless per-frame hash for jitter, flicker and noise choice. */
    private static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private record Placement(long parcelIndex, ParcelSpec spec, Phase phase, Rect rect) {
        Box visibleBox(int width, int height) {
            Rect r = intersect(rect, new Rect(0, 0, width, height));
            return new Box(r.x, r.y, r.width, r.height);
        }
    }
}
