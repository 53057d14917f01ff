package dev.kubelogin.core.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM text as kubeconfigs, exec plugins and the Go tools' flags carry it: X.509 certificates,
 * and private keys in PKCS#8 ({@code PRIVATE KEY}: RSA, EC or Ed25519) or PKCS#1 ({@code RSA
 * PRIVATE KEY}). Also writes an RSA key as PKCS#1, the form Azure's kubelogin keeps its PoP key in.
 *
 * <p>Stateless and thread-safe. Malformed input ends in a {@link GeneralSecurityException} (a
 * {@link CertificateException} for certificates), never in an unchecked exception.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = {
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

  private Pem() {}

  /**
   * The X.509 certificates of the PEM {@code CERTIFICATE} blocks in {@code pem}, in order; other
   * blocks, such as a private key, are skipped. Empty when there is none.
   *
   * @throws CertificateException when a certificate block cannot be decoded
   */
  @SuppressWarnings("unchecked")
  public static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
    return List.copyOf(
        (Collection<X509Certificate>)
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
  }

  /**
   * The first private key in {@code pem}: PKCS#8 (RSA, EC or Ed25519) or PKCS#1 RSA; empty when
   * there is none.
   *
   * @throws GeneralSecurityException when a key block cannot be decoded
   */
  public static Optional<PrivateKey> privateKey(String pem) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new InvalidKeySpecException("the " + type + " block is not valid base64", e);
      }
      if (type.equals("PRIVATE KEY")) {
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
          try {
            return Optional.of(
                KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)));
          } catch (GeneralSecurityException e) {
            last = e; // try the next algorithm
          }
        }
        throw new GeneralSecurityException("unsupported PKCS#8 key algorithm", last);
      }
      if (type.equals("RSA PRIVATE KEY")) {
        byte[] pkcs8;
        try {
          pkcs8 = pkcs1ToPkcs8(der);
        } catch (RuntimeException e) {
          throw new InvalidKeySpecException("the RSA PRIVATE KEY block is not a PKCS#1 key", e);
        }
        return Optional.of(
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
      }
    }
    return Optional.empty();
  }

  /** {@code key} as a PKCS#1 PEM block ({@code RSA PRIVATE KEY}), as Go's x509 writes it. */
  public static String pkcs1(RSAPrivateKey key) {
    byte[] der = key.getEncoded();
    // PrivateKeyInfo ::= SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING key }
    int[] at = {0};
    enter(der, at, 0x30);
    int version = enter(der, at, 0x02);
    at[0] += version;
    int algorithm = enter(der, at, 0x30);
    at[0] += algorithm;
    int n = enter(der, at, 0x04);
    byte[] pkcs1 = java.util.Arrays.copyOfRange(der, at[0], at[0] + n);
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1);
    return "-----BEGIN RSA PRIVATE KEY-----\n" + b64 + "\n-----END RSA PRIVATE KEY-----\n";
  }

  /**
   * Reads the tag and length at {@code at}, leaves {@code at} at the content; returns its length.
   */
  private static int enter(byte[] der, int[] at, int tag) {
    if ((der[at[0]] & 0xff) != tag) {
      throw new IllegalArgumentException("unexpected DER tag " + (der[at[0]] & 0xff));
    }
    int first = der[at[0] + 1] & 0xff;
    at[0] += 2;
    if (first < 0x80) {
      return first;
    }
    int n = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      n = (n << 8) | (der[at[0]++] & 0xff);
    }
    return n;
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] octet = der(0x04, pkcs1);
    byte[] body = new byte[RSA_ALGORITHM.length + octet.length];
    System.arraycopy(RSA_ALGORITHM, 0, body, 0, RSA_ALGORITHM.length);
    System.arraycopy(octet, 0, body, RSA_ALGORITHM.length, octet.length);
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
