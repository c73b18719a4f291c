package io.intakeedge.workbench.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.bundle.archive.BundleJson;
import io.intakeedge.agent.bundle.receipt.ValidationReceipt;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.ParcelSpec;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the demo bundle's validation receipt from the synthetic scene, so the fixtures are reproducible rather than
 * hand-picked: scene {@code standard(seed)}, the first parcels of each slice in scene order (two intact, two
 * damaged, one blurred, one dark, one out of frame), each as its middle still frame, plus the first empty-belt frame
 * as background. The expected route and reason come from the scene's ground truth and the routing table, never from
 * the model. Usage: {@code java -cp <workbench classpath> io.intakeedge.workbench.bundle.DemoReceiptFixtures
 * bundles/demo/receipt [seed]}.
 */
public final class DemoReceiptFixtures {
    static final String DATASET_ID = "parcel-demo-scene-receipt";
    static final int JPEG_QUALITY = 80;

    private DemoReceiptFixtures() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 505;
        ObjectNode receipt = render(out, seed);
        Files.write(out.resolve("receipt.json"), BundleJson.JSON.writeValueAsBytes(receipt));
        System.out.println("wrote " + out.resolve("receipt.json") + " with " + receipt.get("fixtures").size()
                + " fixtures");
    }

    static ObjectNode render(Path out, long seed) throws IOException {
        Files.createDirectories(out.resolve("frames"));
        Map<String, Integer> wanted = new LinkedHashMap<>(Map.of("intact", 2, "damaged", 2, "blurred", 1, "dark", 1,
                "out_of_frame", 1));
        ObjectNode receipt = BundleJson.JSON.createObjectNode();
        receipt.put("schema", ValidationReceipt.SCHEMA).put("dataset_id", DATASET_ID)
                .put("dataset_version", "standard-seed-" + seed + "-v1");
        ArrayNode fixtures = receipt.putArray("fixtures");
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SceneConfig.standard(seed))) {
            write(scene.frameAt(scene.firstFrameOf(0)), out.resolve("frames/belt.jpg"));
            for (int i = 0; i < scene.config().maxParcels() && wanted.values().stream().anyMatch(n -> n > 0); i++) {
                ParcelSpec p = scene.parcel(i);
                String slice = slice(p);
                if (wanted.getOrDefault(slice, 0) == 0) {
                    continue;
                }
                wanted.merge(slice, -1, Integer::sum);
                String id = slice + "_parcel_" + i;
                write(scene.frameAt(scene.middleStillFrame(i)), out.resolve("frames/" + id + ".jpg"));
                List<String> expected = expected(p);
                fixtures.addObject().put("id", id).put("slice", slice).put("frame", "frames/" + id + ".jpg")
                        .put("background", "frames/belt.jpg").put("route", expected.get(0))
                        .put("reason", expected.get(1));
            }
        }
        return receipt;
    }

    private static String slice(ParcelSpec p) {
        return switch (p.condition()) {
            case USABLE -> p.damaged() ? "damaged" : "intact";
            case BLURRED -> "blurred";
            case DARK -> "dark";
            case OUT_OF_FRAME -> "out_of_frame";
        };
    }

    /** The routing table (seed 000) applied to ground truth: quality first, then the damage label. */
    private static List<String> expected(ParcelSpec p) {
        if (p.condition() == Condition.OUT_OF_FRAME) {
            return List.of("request_new_photo", "package_incomplete");
        }
        if (p.condition() != Condition.USABLE) {
            return List.of("request_new_photo", "image_quality_gate");
        }
        return p.damaged() ? List.of("priority_damage_review", "damage_threshold")
                : List.of("normal_review", "below_threshold");
    }

    private static void write(Frame frame, Path file) throws IOException {
        try (frame) {
            MatOfByte jpeg = new MatOfByte();
            Imgcodecs.imencode(".jpg", frame.image(), jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY,
                    JPEG_QUALITY));
            Files.write(file, jpeg.toArray());
            jpeg.release();
        }
    }
}
