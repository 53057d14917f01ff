package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCertificate;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code --client-certificate}: a PKCS#12 file when its name ends in {@code .pfx} (with {@code
 * --client-certificate-password}), else PEM with the certificate chain and a PKCS#8 or PKCS#1 key.
 * As the Go tool does, the certificate whose public key matches the key leads the chain (sent as
 * {@code x5c}).
 */
final class ClientCertificates {
  private ClientCertificates() {}

  static IClientCertificate load(Path file, String password) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidConfigurationException(
          "cannot read --client-certificate " + file + ": " + e, e);
    }
    try {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pfx")) {
        return pfx(bytes, password == null ? "" : password, file);
      }
      return pem(new String(bytes, StandardCharsets.US_ASCII), file);
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidConfigurationException(
          "cannot use --client-certificate " + file + ": " + e.getMessage(), e);
    }
  }

  private static IClientCertificate pfx(byte[] bytes, String password, Path file)
      throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      ks.load(in, password.toCharArray());
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException
          || String.valueOf(e.getMessage()).contains("password")) {
        throw new InvalidConfigurationException(
            "cannot open --client-certificate "
                + file
                + ": wrong --client-certificate-password (or the file is not PKCS#12)",
            e);
      }
      throw e;
    }
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias)) {
        PrivateKey key = (PrivateKey) ks.getKey(alias, password.toCharArray());
        List<X509Certificate> chain = new ArrayList<>();
        for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) {
          chain.add((X509Certificate) c);
        }
        return ClientCredentialFactory.createFromCertificateChain(key, ordered(key, chain, file));
      }
    }
    throw new InvalidConfigurationException(
        "--client-certificate " + file + " holds no private key");
  }

  private static IClientCertificate pem(String pem, Path file) throws GeneralSecurityException {
    PrivateKey key =
        Pem.privateKey(pem)
            .orElseThrow(
                () ->
                    new InvalidConfigurationException(
                        "--client-certificate " + file + " holds no PEM private key"));
    List<X509Certificate> chain =
        Pem.certificates(
            pem.replaceAll(
                    "(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", "")
                .getBytes(StandardCharsets.US_ASCII));
    return ClientCredentialFactory.createFromCertificateChain(key, ordered(key, chain, file));
  }

  /** The chain with the certificate that matches {@code key} first. */
  private static List<X509Certificate> ordered(
      PrivateKey key, List<X509Certificate> chain, Path file) {
    if (!(key instanceof RSAPrivateCrtKey)) {
      throw new InvalidConfigurationException(
          "--client-certificate " + file + ": only RSA keys are supported (as by Azure kubelogin)");
    }
    java.math.BigInteger modulus = ((RSAPrivateCrtKey) key).getModulus();
    List<X509Certificate> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (c.getPublicKey() instanceof java.security.interfaces.RSAPublicKey
          && ((java.security.interfaces.RSAPublicKey) c.getPublicKey())
              .getModulus()
              .equals(modulus)) {
        out.add(0, c);
      } else {
        out.add(c);
      }
    }
    if (out.isEmpty()
        || !((java.security.interfaces.RSAPublicKey) out.get(0).getPublicKey())
            .getModulus()
            .equals(modulus)) {
      throw new InvalidConfigurationException(
          "--client-certificate " + file + " holds no certificate for its private key");
    }
    return out;
  }
}
