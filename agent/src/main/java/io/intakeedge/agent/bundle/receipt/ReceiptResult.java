package io.intakeedge.agent.bundle.receipt;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The outcome of running a bundle's validation receipt.
 *
 * @param passed true only for the exact inventory with every route and reason as expected
 * @param reason {@code exact_receipt_pass}, or the first hold: {@code dataset_id:X}, {@code dataset_version:X},
 *               {@code missing:a,b}, {@code unexpected:x}, {@code duplicate:y}, {@code mismatch:id(...)}
 * @param rows   one row per fixture that was run (empty when the inventory already held the bundle)
 */
public record ReceiptResult(boolean passed, String reason, List<Row> rows) {
    public static final String PASS = "exact_receipt_pass";

    /** One fixture's expected and actual outcome. */
    public record Row(String fixtureId, String slice, String expectedRoute, String expectedReason,
                      String actualRoute, String actualReason, OptionalDouble score) {
        public boolean matches() {
            return expectedRoute.equals(actualRoute) && expectedReason.equals(actualReason);
        }
    }

    public ReceiptResult {
        rows = List.copyOf(rows);
    }

    static ReceiptResult hold(String reason) {
        return new ReceiptResult(false, reason, List.of());
    }
}
