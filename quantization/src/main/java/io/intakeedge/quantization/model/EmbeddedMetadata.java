package io.intakeedge.quantization.model;

import java.util.List;
import java.util.Optional;

/**
 * What a model's {@code TFLITE_METADATA} buffer says about it (TFLite Support metadata schema).
 *
 * @param name          model name from the metadata (may be empty)
 * @param description   free text (may be empty)
 * @param version       model version string (may be empty)
 * @param labels        output labels from the first output's TENSOR_AXIS_LABELS file; empty when absent
 * @param normalization input normalization of the first input, or null when absent
 */
public record EmbeddedMetadata(String name, String description, String version, List<String> labels,
                               Normalization normalization) {
    public EmbeddedMetadata {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        version = version == null ? "" : version;
        labels = List.copyOf(labels);
    }

    public Optional<Normalization> normalizationIfPresent() {
        return Optional.ofNullable(normalization);
    }
}
