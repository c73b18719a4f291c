package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operator commands: only a fresh, unexpired command for this station signed by an operator key is carried out. */
class CommandVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-01T17:00:00Z");

    @TempDir
    Path tmp;

    private KeyPair operator;
    private AgentDatabase db;
    private CommandVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        operator = ArchiveFixtures.keyPair();
        db = AgentDatabase.open(tmp.resolve("data"));
        new TraceStore(db); // runs the agent migrations, V6 included
        verifier = verifier(db);
    }

    private CommandVerifier verifier(AgentDatabase database) throws Exception {
        TrustedKeys keys = TrustedKeys.of(List.of(ArchiveFixtures.writePublic(tmp.resolve("operator.pub"), operator)));
        return new CommandVerifier(keys, "dock-a", "station-07", new H2NonceLedger(database));
    }

    static BundleCommand command(String device, Instant issued, Duration life) {
        return new BundleCommand(BundleCommand.SCHEMA, "promote", "cmd-1", "dock-a", device,
                "parcel-damage-demo@1.1.0", null, issued, issued.plus(life), UUID.randomUUID().toString());
    }

    static byte[] signed(BundleCommand c, KeyPair key) throws Exception {
        byte[] payload = c.toBytes();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(payload);
        return SignedCommand.of(payload, s.sign(), ArchiveFixtures.fingerprint(key)).toBytes();
    }

    @Test
    void aSignedFreshCommandForThisStationIsAcceptedOnce() throws Exception {
        byte[] message = signed(command("station-07", NOW, Duration.ofMinutes(10)), operator);
        CommandVerifier.Verified v = verifier.verify(message, NOW);
        assertThat(v.command().kind()).isEqualTo(BundleCommand.Action.PROMOTE);
        assertThat(v.signer()).isEqualTo(ArchiveFixtures.fingerprint(operator));

        assertRefused(message, "replayed");
        db.close();
        // the nonce is on disk: a restarted station refuses the replay as well
        try (AgentDatabase reopened = AgentDatabase.open(tmp.resolve("data"))) {
            assertThatThrownBy(() -> verifier(reopened).verify(message, NOW.plusSeconds(5)))
                    .isInstanceOfSatisfying(CommandRefused.class, e -> assertThat(e.reason()).isEqualTo("replayed"));
        }
    }

    @Test
    void unsignedForgedAndForeignCommandsAreRefused() throws Exception {
        BundleCommand c = command("station-07", NOW, Duration.ofMinutes(10));
        assertRefused(SignedCommand.of(c.toBytes(), null, null).toBytes(), "unsigned");

        byte[] real = signed(c, operator);
        String forgedPayload = new String(c.toBytes(), StandardCharsets.UTF_8).replace("promote", "rollback");
        var env = LifecycleJson.MAPPER.readValue(real, SignedCommand.class);
        byte[] forged = new SignedCommand(env.schema(), Base64.getEncoder().encodeToString(
                forgedPayload.getBytes(StandardCharsets.UTF_8)), env.signature(), env.signer()).toBytes();
        assertRefused(forged, "bad_signature");

        assertRefused(signed(command("station-07", NOW, Duration.ofMinutes(10)), ArchiveFixtures.keyPair()),
                "unknown_signer");
        assertRefused(signed(command("station-99", NOW, Duration.ofMinutes(10)), operator), "wrong_device");
        assertRefused("{\"schema\": \"nonsense\"}".getBytes(StandardCharsets.UTF_8), "malformed");
        // a forged message did not burn the real command's nonce
        assertThat(verifier.verify(real, NOW).command().commandId()).isEqualTo("cmd-1");
    }

    @Test
    void expiredFutureAndOverlongCommandsAreRefused() throws Exception {
        assertRefused(signed(command("station-07", NOW.minusSeconds(700), Duration.ofMinutes(10)), operator),
                "expired");
        assertRefused(signed(command("station-07", NOW.plus(Duration.ofMinutes(30)), Duration.ofMinutes(10)),
                operator), "not_yet_valid");
        assertRefused(signed(command("station-07", NOW, Duration.ofDays(30)), operator), "lifetime_too_long");
    }

    private void assertRefused(byte[] message, String reason) {
        assertThatThrownBy(() -> verifier.verify(message, NOW))
                .isInstanceOfSatisfying(CommandRefused.class, e -> assertThat(e.reason()).as(e.getMessage())
                        .isEqualTo(reason));
    }
}
