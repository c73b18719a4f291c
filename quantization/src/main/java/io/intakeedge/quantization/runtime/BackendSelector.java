package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens a model on the first backend of a device profile's accelerator list that works: {@code tensorrt}
 * (planned, docs/accelerators.md), {@code delegate:/path/lib.so} (TFLite external delegate), {@code xnnpack} or
 * {@code cpu} (TFLite's built-in kernels). Every entry passed over is kept with its reason in
 * {@link BackendChoice#fallbacks()} and logged; nothing falls back silently.
 */
public final class BackendSelector {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private BackendSelector() {
    }

    /**
     * @param accelerators the profile's preference order, best first
     * @throws ModelException when no entry can run the model (the message names each entry's reason)
     */
    public static TfliteBackend open(LoadedModel model, PreprocessSpec spec, List<String> labels, int threads,
                                     List<String> accelerators) throws ModelException {
        List<String> skipped = new ArrayList<>();
        ModelException last = null;
        for (String entry : accelerators) {
            try {
                TfliteBackend backend = tryOpen(entry, model, spec, labels, threads, skipped);
                if (backend != null) {
                    backend.precededBy(skipped);
                    if (!backend.choice().fallbacks().isEmpty()) {
                        LOG.warn("inference on {} ({} of {} nodes); passed over: {}", backend.name(),
                                backend.choice().nodes(), backend.choice().modelNodes(), backend.choice().fallbacks());
                    }
                    return backend;
                }
            } catch (ModelException e) {
                skipped.add(entry + ": " + e.getMessage());
                last = e;
            }
        }
        throw new ModelException("no backend of " + accelerators + " can run " + model.source() + ": "
                + String.join("; ", skipped), last);
    }

    private static TfliteBackend tryOpen(String entry, LoadedModel model, PreprocessSpec spec, List<String> labels,
                                         int threads, List<String> skipped) throws ModelException {
        if (entry.startsWith(DelegatePlugin.PREFIX)) {
            skipped.add(entry + ": " + DelegatePlugin.whyUnusable(entry));
            return null;
        }
        return switch (entry) {
            case "xnnpack" -> new TfliteBackend(model, spec, new RuntimeOptions(threads, true), labels);
            case "cpu" -> new TfliteBackend(model, spec, new RuntimeOptions(threads, false), labels);
            case "tensorrt" -> {
                skipped.add("tensorrt: no TensorRT backend in this build yet (docs/accelerators.md)");
                yield null;
            }
            default -> {
                skipped.add(entry + ": unknown backend");
                yield null;
            }
        };
    }
}
