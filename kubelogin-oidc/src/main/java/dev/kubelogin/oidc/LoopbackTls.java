package dev.kubelogin.oidc;

import dev.kubelogin.core.InvalidConfigurationException;
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
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The loopback server's TLS context from int128's {@code --local-server-cert} and {@code
 * --local-server-key}: a PEM certificate chain and a PEM private key, PKCS#8 ({@code PRIVATE KEY}:
 * RSA, EC or Ed25519) or PKCS#1 ({@code RSA PRIVATE KEY}).
 */
final class LoopbackTls {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

  private LoopbackTls() {}

  static SSLContext load(Path certFile, Path keyFile) {
    try {
      Certificate[] chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)))
              .toArray(new Certificate[0]);
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
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (type.equals("PRIVATE KEY")) {
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
          try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (GeneralSecurityException e) {
            // try the next algorithm
          }
        }
        throw new InvalidConfigurationException(
            "--local-server-key " + file + ": unsupported PKCS#8 key algorithm");
      }
      if (type.equals("RSA PRIVATE KEY")) {
        return KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
      }
    }
    throw new InvalidConfigurationException(
        "--local-server-key "
            + file
            + " holds no PKCS#8 or PKCS#1 PEM private key; convert it with"
            + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x02,
      0x01,
      0x00, // version 0
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00 // rsaEncryption, NULL
    };
    byte[] octet = der(0x04, pkcs1);
    byte[] body = new byte[algorithm.length + octet.length];
    System.arraycopy(algorithm, 0, body, 0, algorithm.length);
    System.arraycopy(octet, 0, body, algorithm.length, octet.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] len;
    if (n < 0x80) {
      len = new byte[] {(byte) n};
    } else if (n < 0x100) {
      len = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(content, 0, out, 1 + len.length, n);
    return out;
  }
}
