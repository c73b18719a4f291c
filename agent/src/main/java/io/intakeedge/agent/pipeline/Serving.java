package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundlePreprocess;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.BackendSelector;
import io.intakeedge.quantization.runtime.InferenceBackend;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteBackend;

import java.util.List;

/**
 * A bundle made ready to decide: its routing policy plus an inference backend running its model with its pinned
 * preprocessing. Built as one unit so model, preprocessing, labels and thresholds can never mix across bundles
 * (seed 001). The backend is not thread-safe; one serving per capture loop.
 */
public record Serving(Bundle bundle, RoutingPolicy policy, InferenceBackend backend) implements AutoCloseable {

    /**
     * Loads the bundle's model through the verified loader, checks it against the pinned preprocessing and opens it
     * on the first of {@code options.accelerators()} that works.
     *
     * @throws ModelException when the model is unreadable, crafted, or its input shape does not match
     */
    public static Serving open(Bundle bundle, RuntimeOptions options) throws ModelException {
        LoadedModel model = ModelLoader.defaults().load(bundle.model().toByteArray(), bundle.model().file().toString());
        // the profile's accelerator order; a backend passed over is named in backend.choice() and logged
        TfliteBackend backend = BackendSelector.open(model, preprocessSpec(bundle.preprocess()), bundle.labels(),
                options.threads(), options.accelerators());
        return new Serving(bundle, bundle.routingPolicy(), backend);
    }

    /** The bundle's preprocessing section is plain data; the runtime wants its own record of the same facts. */
    public static PreprocessSpec preprocessSpec(BundlePreprocess p) {
        return new PreprocessSpec(p.id(), p.width(), p.height(),
                PreprocessSpec.ResizeMode.valueOf(p.resizeMode().name()), (float) p.roiMargin(),
                PreprocessSpec.ColorOrder.valueOf(p.colorOrder().name()), floats(p.mean()), floats(p.std()));
    }

    private static List<Float> floats(List<Double> values) {
        return values.stream().map(Double::floatValue).toList();
    }

    @Override
    public void close() {
        backend.close();
    }
}
