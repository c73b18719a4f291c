package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.TestPki;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sync.tls} against real mosquitto TLS listeners ({@code require_certificate true}) with certificates made
 * by openssl ({@link TestPki}): a CA, a server certificate for 127.0.0.1/localhost, one for another name, a client
 * certificate, and a second CA nobody trusts.
 */
class TlsBrokerTest {
    private static final StatusInfo INFO = new StatusInfo("0.1.0-test", "generic-linux-x86_64", null);

    @TempDir
    static Path dir;
    static TestPki pki;
    static MosquittoProcess broker;
    static MosquittoProcess misnamed;

    @BeforeAll
    static void certificatesAndBrokers() throws Exception {
        pki = TestPki.create(dir);
        broker = MosquittoProcess.start(pki.listener("server"));
        misnamed = MosquittoProcess.start(pki.listener("wrong-name"));
    }

    @AfterAll
    static void stop() {
        broker.close();
        misnamed.close();
    }

    @Test
    void theRightCaAndAClientCertificateConnect() throws Exception {
        connect(broker, tls("ca", "client", true)).close();
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedAsATlsFault() {
        assertThatThrownBy(() -> connect(broker, tls("other-ca", "client", true)))
                .satisfies(e -> assertThat(SyncFault.of(e)).as(SyncFault.describe(e)).isEqualTo(SyncFault.TLS_FAILED));
    }

    @Test
    void aBrokerNamedOtherwiseIsRefusedUnlessVerificationIsSwitchedOff() throws Exception {
        assertThatThrownBy(() -> connect(misnamed, tls("ca", "client", true)))
                .satisfies(e -> assertThat(SyncFault.of(e)).as(SyncFault.describe(e)).isEqualTo(SyncFault.TLS_FAILED));
        connect(misnamed, tls("ca", "client", false)).close();
    }

    @Test
    void theListenerRequiresAClientCertificateFromItsCa() {
        assertThatThrownBy(() -> connect(broker, new SyncConfig.Tls(pki.cert("ca"), null, null, true)));
        assertThatThrownBy(() -> connect(broker, tls("ca", "stranger", true)));
    }

    private static MqttSyncClient connect(MosquittoProcess to, SyncConfig.Tls tls) throws Exception {
        SyncConfig config = SyncConfig.builder("ssl://127.0.0.1:" + to.port(), "tls-site",
                "t-" + UUID.randomUUID().toString().substring(0, 8)).tls(tls).receipts(false).build();
        return MqttSyncClient.connect(config, INFO, new BatchCodec(), e -> { });
    }

    private static SyncConfig.Tls tls(String ca, String client, boolean verifyHostname) {
        return new SyncConfig.Tls(pki.cert(ca), pki.cert(client), pki.key(client), verifyHostname);
    }
}
