package dev.kubelogin.oidc;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The loopback server's TLS context from int128's {@code --local-server-cert} and {@code
 * --local-server-key}: a PEM certificate chain and a PEM private key, PKCS#8 ({@code PRIVATE KEY}:
 * RSA, EC or Ed25519) or PKCS#1 ({@code RSA PRIVATE KEY}).
 */
final class LoopbackTls {
  private LoopbackTls() {}

  static SSLContext load(Path certFile, Path keyFile) {
    try {
      Certificate[] chain =
          Pem.certificates(Files.readAllBytes(certFile)).toArray(new Certificate[0]);
      if (chain.length == 0) {
        throw new InvalidConfigurationException(
            "--local-server-cert " + certFile + " holds no PEM certificate");
      }
      PrivateKey key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("loopback", key, none, chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read the loopback server's certificate or key: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "cannot use " + certFile + " and " + keyFile + " for the loopback server: " + e, e);
    }
  }

  static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
    try {
      return Pem.privateKey(pem)
          .orElseThrow(
              () ->
                  new InvalidConfigurationException(
                      "--local-server-key "
                          + file
                          + " holds no PKCS#8 or PKCS#1 PEM private key; convert it with"
                          + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`"));
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationException(
          "--local-server-key " + file + ": " + e.getMessage(), e);
    }
  }
}
