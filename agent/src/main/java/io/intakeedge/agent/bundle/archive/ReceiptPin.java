package io.intakeedge.agent.bundle.archive;

import java.util.List;
import java.util.Objects;

/**
 * The frozen identity of a bundle's validation receipt (seed 001's exact receipt): which dataset, which version and
 * exactly which fixtures. The receipt's rows are compared with this before any route is checked.
 *
 * @param file           the receipt file, relative to the bundle directory
 * @param datasetId      dataset the fixtures come from
 * @param datasetVersion its version
 * @param fixtures       the fixture ids, each exactly once
 */
public record ReceiptPin(String file, String datasetId, String datasetVersion, List<String> fixtures) {
    public ReceiptPin {
        Objects.requireNonNull(file, "receipt.file");
        Objects.requireNonNull(datasetId, "receipt.dataset_id");
        Objects.requireNonNull(datasetVersion, "receipt.dataset_version");
        fixtures = List.copyOf(Objects.requireNonNull(fixtures, "receipt.fixtures"));
        if (fixtures.isEmpty()) {
            throw new IllegalArgumentException("receipt.fixtures: a receipt without fixtures proves nothing");
        }
        if (fixtures.stream().distinct().count() != fixtures.size()) {
            throw new IllegalArgumentException("receipt.fixtures lists an id twice: " + fixtures);
        }
    }
}
