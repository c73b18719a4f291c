package io.intakeedge.workbench.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.bundle.BundleException;
import io.intakeedge.agent.bundle.archive.BundleJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle's model card (seed 000): what the model is for and where it fails. Checked for its required sections, each
 * non-empty, so a card can't ship as a placeholder.
 */
public final class ModelCard {
    public static final List<String> REQUIRED = List.of("intended_use", "input_constraints", "thresholds",
            "evaluated_slices", "known_failure_cases");

    private ModelCard() {
    }

    public static JsonNode read(Path file) throws BundleException {
        if (!Files.isRegularFile(file)) {
            throw new BundleException("model card " + file + " is missing");
        }
        JsonNode card;
        try {
            card = BundleJson.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new BundleException("model card " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED) {
            JsonNode v = card == null ? null : card.get(key);
            if (v == null || v.isNull() || v.isEmpty() && !v.isValueNode() || v.isTextual() && v.asText().isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new BundleException("model card " + file + " lacks " + missing + " (required: " + REQUIRED + ")");
        }
        return card;
    }
}
