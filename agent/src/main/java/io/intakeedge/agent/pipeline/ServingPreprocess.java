package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.bundle.BundlePreprocess;
import io.intakeedge.quantization.runtime.PreprocessSpec;

/**
 * The one mapping from a bundle's preprocess section to the runtime's {@link PreprocessSpec}, for tools outside the
 * pipeline (quantize, model agreement) that must preprocess exactly as serving does.
 */
public final class ServingPreprocess {
    private ServingPreprocess() {
    }

    /** The spec {@link Serving#open} runs a bundle's model with. */
    public static PreprocessSpec of(BundlePreprocess preprocess) {
        return Serving.preprocessSpec(preprocess);
    }
}
