package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncConfigTest {
    @TempDir
    Path dir;

    private SyncConfig.Builder ok() {
        return SyncConfig.builder("tcp://127.0.0.1:1883", "dock-a", "station-07");
    }

    @Test
    void defaultsAreValidAndHidePasswords() {
        SyncConfig config = ok().credentials("agent", "s3cret").build();
        assertThat(config.inflightWindow()).isGreaterThan(10);
        assertThat(config.clientId()).isEqualTo("intake-dock-a-station-07");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void credentialsInTheUriAreRefusedAndNotRepeated() {
        for (String uri : new String[] {"tcp://agent:pw-x9@h:1883", "ssl://agent@h:8883", "tcp://:pw-x9@h:1883",
                "tcp://a:pw-x9@bad host"}) {
            assertThatThrownBy(() -> SyncConfig.builder(uri, "a", "b").build()).as(uri)
                    .hasMessageContaining("sync.broker must not carry credentials")
                    .hasMessageNotContaining("pw-x9");
        }
        assertThat(SyncConfig.redact("tcp://u:p@h:1")).isEqualTo("tcp://***@h:1");
    }

    @Test
    void malformedSettingsFailWithTheSettingNamed() throws Exception {
        assertThatThrownBy(() -> SyncConfig.builder("http://broker:1883", "a", "b").build())
                .hasMessageContaining("sync.broker must look like tcp://host:1883");
        assertThatThrownBy(() -> SyncConfig.builder("tcp://broker", "a", "b").build())
                .hasMessageContaining("sync.broker");
        assertThatThrownBy(() -> SyncConfig.builder("tcp://bro ker:1883", "a", "b").build())
                .hasMessageContaining("sync.broker");
        assertThatThrownBy(() -> SyncConfig.builder("tcp://h:1883", "dock/a", "b").build())
                .hasMessageContaining("site id 'dock/a'");
        assertThatThrownBy(() -> ok().inflightWindow(0).build()).hasMessageContaining("sync.inflight_window");
        assertThatThrownBy(() -> ok().batch(100, 10).build()).hasMessageContaining("sync.batch_max_bytes");
        assertThatThrownBy(() -> ok().reconnect(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .hasMessageContaining("sync.reconnect_max");
        assertThatThrownBy(() -> ok().keepAlive(Duration.ZERO).build()).hasMessageContaining("sync.keep_alive");
        assertThatThrownBy(() -> ok().rateLimit(-1, 10).build()).hasMessageContaining("sync.rate_limit_per_second");
        assertThatThrownBy(() -> ok().credentials(null, "pw").build()).hasMessageContaining("sync.username");
        assertThatThrownBy(() -> new SyncConfig.Tls(dir.resolve("missing.pem"), null, null, true))
                .hasMessageContaining("sync.tls.ca_file").hasMessageContaining("missing.pem");
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        SyncConfig.Tls tls = new SyncConfig.Tls(garbage, null, null, true);
        assertThatThrownBy(() -> ok().tls(tls).build()).hasMessageContaining("plain tcp://");
        assertThatThrownBy(() -> TlsSockets.factory(tls)).hasMessageContaining("sync.tls.ca_file")
                .hasMessageContaining("not a PEM X.509");
        assertThatThrownBy(() -> new SyncConfig.Tls(null, garbage, null, true)).hasMessageContaining("go together");
        Path rsaKey = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsSockets.factory(new SyncConfig.Tls(null, garbage, rsaKey, true)))
                .hasMessageContaining("sync.tls");
    }
}
