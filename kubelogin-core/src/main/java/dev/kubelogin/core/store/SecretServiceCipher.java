package dev.kubelogin.core.store;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Secret Service's {@code dh-ietf1024-sha256-aes128-cbc-pkcs7} session algorithm, as libsecret
 * uses it: Diffie-Hellman over the 1024-bit MODP group of RFC 2409 (generator 2), the shared secret
 * (padded to 128 bytes) through HKDF-SHA256 with no salt and no info into a 128-bit AES key, and
 * each secret AES-CBC encrypted with PKCS#7 padding under a fresh IV sent as the secret's
 * parameters.
 *
 * <p>With it, no secret crosses the D-Bus connection in the clear, so a D-Bus library that dumps
 * messages at its most verbose log level (dbus-java at TRACE) logs only ciphertext.
 */
final class SecretServiceCipher {
  static final String ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

  /** RFC 2409, section 6.2: the Second Oakley Group. */
  private static final BigInteger PRIME =
      new BigInteger(
          "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
              + "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637"
              + "ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
          16);

  private static final DHParameterSpec GROUP = new DHParameterSpec(PRIME, BigInteger.TWO);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keys;
  private SecretKeySpec aes;

  SecretServiceCipher() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("DH");
      g.initialize(GROUP, RANDOM);
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Diffie-Hellman", e);
    }
  }

  /** Our public key, big-endian and unsigned, for OpenSession's input. */
  byte[] publicKey() {
    return unsigned(((DHPublicKey) keys.getPublic()).getY());
  }

  /** Derives the session key from the service's public key (OpenSession's output). */
  void agree(byte[] servicePublicKey) throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("DH");
    ka.init(keys.getPrivate());
    ka.doPhase(
        KeyFactory.getInstance("DH")
            .generatePublic(
                new DHPublicKeySpec(new BigInteger(1, servicePublicKey), PRIME, BigInteger.TWO)),
        true);
    byte[] shared = ka.generateSecret();
    byte[] ikm = new byte[128];
    System.arraycopy(shared, 0, ikm, ikm.length - shared.length, shared.length);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] okm = mac.doFinal(new byte[] {1});
    aes = new SecretKeySpec(Arrays.copyOf(okm, 16), "AES");
    Arrays.fill(shared, (byte) 0);
    Arrays.fill(ikm, (byte) 0);
    Arrays.fill(prk, (byte) 0);
    Arrays.fill(okm, (byte) 0);
  }

  /** Returns {IV, ciphertext}. */
  byte[][] encrypt(byte[] plain) throws GeneralSecurityException {
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv));
    return new byte[][] {iv, c.doFinal(plain)};
  }

  byte[] decrypt(byte[] iv, byte[] cipherText) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(iv));
    return c.doFinal(cipherText);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
