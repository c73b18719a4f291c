package io.intakeedge.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast instant parser answers exactly as {@link Instant#parse}: the same value, or the same refusal. */
class StrictFieldsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T09:40:59.001Z", "2026-11-23T09:40:59Z", "2026-11-23T09:40:59.123456789Z",
        "2026-11-23T09:40:59.1Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
        "2023-02-29T12:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z", "2026-12-31T23:59:60Z", "2026-11-23t09:40:59z",
        "2026-11-23T09:40:59.Z", "2026-11-23T09:40:59.1234567890Z", "2026-11-23T09:40:59+01:00",
        "+12026-11-23T09:40:59Z", "-2026-11-23T09:40:59Z", "2026-11-23 09:40:59Z", "2026-1a-23T09:40:59Z",
        "2026-11-23T09:40:59.00aZ", "", "yesterday", "2026-11-23T09:40Z", "2026-11-23T09:40:59.001"})
    void answersAsInstantParse(String text) {
        assertSame(text);
    }

    @Test
    void answersAsInstantParseOnMutationsOfTheStationForm() {
        Random random = new Random(8_005);
        String chars = "0123456789-T:.Zz+ ";
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(Instant.ofEpochMilli(random.nextLong(253_402_300_799_999L))
                    .toString());
            for (int n = random.nextInt(3); n > 0; n--) {
                int at = random.nextInt(text.length());
                text.setCharAt(at, chars.charAt(random.nextInt(chars.length())));
            }
            accepted += assertSame(text.toString()) ? 1 : 0;
        }
        assertThat(accepted).as("accepted texts among the mutations").isBetween(1_000, 19_999);
    }

    private static boolean assertSame(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                StrictFields.parseInstant(text);
            } catch (DateTimeParseException refused) {
                return false;
            }
            throw new AssertionError("fast parser accepted what Instant.parse refuses: " + text);
        }
        assertThat(StrictFields.parseInstant(text)).as(text).isEqualTo(expected);
        return true;
    }
}
