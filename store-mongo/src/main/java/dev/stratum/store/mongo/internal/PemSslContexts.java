package dev.stratum.store.mongo.internal;

import dev.stratum.api.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link SSLContext} from PEM files: trusted CA certificates and an optional client
 * certificate chain with its unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}; RSA, EC or
 * EdDSA). Errors name the file, never its content.
 */
public final class PemSslContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private PemSslContexts() {}

    /** An SSL context from PEM files. @throws ConfigurationException naming the unreadable or malformed file */
    public static SSLContext create(@Nullable Path trusted, @Nullable Path clientChain, @Nullable Path clientKey) {
        try {
            TrustManagerFactory tmf = null;
            if (trusted != null) {
                KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
                ts.load(null, null);
                int i = 0;
                for (Certificate c : certificates(trusted)) {
                    ts.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            KeyManagerFactory kmf = null;
            if (clientChain != null && clientKey != null) {
                List<Certificate> chain = certificates(clientChain);
                PrivateKey key = privateKey(clientKey);
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("cannot build the TLS context: " + e.getClass().getSimpleName(), e);
        }
    }

    private static List<Certificate> certificates(Path pem) {
        byte[] bytes = read(pem, "certificate");
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new ConfigurationException("no certificate in " + pem + " (expected PEM '-----BEGIN CERTIFICATE-----' blocks)");
            }
            return new ArrayList<>(certs);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("not a PEM certificate file: " + pem + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static PrivateKey privateKey(Path pem) {
        String text = new String(read(pem, "private key"), StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED PRIVATE KEY") || text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new ConfigurationException("private key " + pem + " is not an unencrypted PKCS#8 key; convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigurationException("no '-----BEGIN PRIVATE KEY-----' block in " + pem);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("malformed base64 in private key " + pem);
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigurationException("unsupported private key in " + pem + " (expected an RSA, EC or EdDSA PKCS#8 key)");
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the " + what + " file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
