package io.intakeedge.agent.cli;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.quantization.model.EmbeddedMetadata;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.Normalization;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.runtime.PreprocessSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a tool needs to feed a model as serving does: the preprocessing (from a bundle, a preprocess spec file, or
 * failing both the model's own metadata), the labels and, from a bundle, the positive label and damage threshold.
 *
 * @param preprocess    the runtime preprocessing
 * @param labels        output labels; empty when neither bundle nor model metadata names them
 * @param positiveLabel the bundle's positive label, if a bundle was given
 * @param threshold     the bundle's damage threshold, if a bundle was given
 * @param source        where the preprocessing came from, for reports
 */
public record ServingSetup(PreprocessSpec preprocess, List<String> labels, Optional<String> positiveLabel,
                    Optional<Double> threshold, String source) {

    public static ServingSetup resolve(Path bundleDir, Path specFile, LoadedModel model) throws BundleException {
        if (bundleDir != null && specFile != null) {
            throw new IllegalArgumentException("give --bundle or --preprocess-spec, not both");
        }
        List<String> modelLabels = model.metadata().map(EmbeddedMetadata::labels).orElse(List.of());
        if (bundleDir != null) {
            Bundle bundle = BundleLoader.load(bundleDir);
            return new ServingSetup(Serving.preprocessSpec(bundle.preprocess()), bundle.labels(),
                    Optional.of(bundle.positiveLabel()), Optional.of(bundle.thresholds().damageThreshold()),
                    "bundle " + bundle.displayName());
        }
        if (specFile != null) {
            return new ServingSetup(Serving.preprocessSpec(PreprocessSpecFile.read(specFile)), modelLabels,
                    Optional.empty(), Optional.empty(), "preprocess spec " + specFile);
        }
        return new ServingSetup(fromMetadata(model), modelLabels, Optional.empty(), Optional.empty(),
                "model metadata");
    }

    /** The model's input size and embedded normalization; the whole image is stretched, RGB, as TFLite Support does. */
    private static PreprocessSpec fromMetadata(LoadedModel model) {
        Normalization n = model.metadata().flatMap(EmbeddedMetadata::normalizationIfPresent).orElseThrow(() ->
                new IllegalArgumentException(model.source() + " has no normalization metadata: give --bundle DIR or "
                        + "--preprocess-spec FILE"));
        TensorInfo in = model.inputs().get(0);
        if (in.shape().size() != 4 || in.shape().get(3) != 3) {
            throw new IllegalArgumentException(model.source() + ": input shape " + in.shape() + " is not an NHWC "
                    + "RGB image");
        }
        return new PreprocessSpec("model_metadata", in.shape().get(2), in.shape().get(1),
                PreprocessSpec.ResizeMode.STRETCH, 0f, PreprocessSpec.ColorOrder.RGB, n.mean(), n.std());
    }
}
