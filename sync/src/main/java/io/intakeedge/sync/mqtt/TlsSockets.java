package io.intakeedge.sync.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the socket factory for {@code ssl://} from the configured stores, with errors that name the file. */
final class TlsSockets {
    private TlsSockets() {
    }

    static SSLSocketFactory factory(SyncConfig.Tls tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.truststore() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load("truststore", tls.truststore(), tls.truststorePassword()));
            }
            KeyManagerFactory kmf = null;
            if (tls.keystore() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load("keystore", tls.keystore(), tls.keystorePassword()), chars(tls.keystorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sync.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String what, Path path, String password) {
        try {
            return KeyStore.getInstance(path.toFile(), chars(password));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("sync.tls." + what + " '" + path + "' cannot be read (wrong password"
                    + " or not a PKCS12/JKS store): " + e.getMessage(), e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
