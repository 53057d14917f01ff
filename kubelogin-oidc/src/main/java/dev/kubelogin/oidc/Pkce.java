package dev.kubelogin.oidc;

import dev.kubelogin.oidc.cache.TokenCacheKey.PkceMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * PKCE (RFC 7636) as int128/kubelogin decides it: {@code S256} when forced, or with {@code auto}
 * when the discovery document lists {@code S256}; never {@code plain}. Also makes {@code state} and
 * {@code nonce} values. Immutable.
 */
final class Pkce {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The verifier, or {@code null} when PKCE is not used. */
  final String verifier;

  private Pkce(String verifier) {
    this.verifier = verifier;
  }

  static Pkce choose(PkceMethod method, List<String> supported) {
    boolean use =
        method == PkceMethod.S256 || (method == PkceMethod.AUTO && supported.contains("S256"));
    return new Pkce(use ? random32() : null);
  }

  /** The authorization or device request parameters. */
  Map<String, String> challengeParams() {
    if (verifier == null) {
      return Map.of();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Map.of(
          "code_challenge",
          Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
          "code_challenge_method",
          "S256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 32 random bytes, base64url without padding: 43 characters. */
  static String random32() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
