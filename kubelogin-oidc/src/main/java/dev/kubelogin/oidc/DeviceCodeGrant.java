package dev.kubelogin.oidc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.time.Duration;
import java.time.Instant;

/**
 * The device authorization grant (RFC 8628; int128's {@code device-code}). Unlike int128 it sends
 * PKCE when the provider supports it (Keycloak requires it for clients that force PKCE), shows the
 * user code next to {@code verification_uri_complete}, and stops polling at the deadline the
 * provider gives in {@code expires_in} (10 minutes when absent) instead of polling forever. Polling
 * waits {@code interval} (5 s when absent) and 5 s more after each {@code slow_down}.
 */
final class DeviceCodeGrant {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);
  private static final String EXPIRED =
      "the device code expired before the login was completed in the browser; run the login again";

  private DeviceCodeGrant() {}

  static CachedTokens login(LoginSession auth) {
    OidcClient client = auth.client();
    Pkce pkce = Pkce.choose(auth.options().pkceMethod(), client.metadata().codeChallengeMethods());
    JsonObject answer = client.deviceAuthorization(auth.scope(), pkce.challengeParams());
    String deviceCode = JsonMembers.string(answer, "device_code");
    String userCode = JsonMembers.string(answer, "user_code");
    String uri = JsonMembers.string(answer, "verification_uri");
    if (uri == null) {
      uri = JsonMembers.string(answer, "verification_url"); // Google's name
    }
    String complete = JsonMembers.string(answer, "verification_uri_complete");
    if (deviceCode == null || (uri == null && complete == null)) {
      throw new AuthenticationFailedException(
          "the device authorization answer lacks "
              + (deviceCode == null ? "device_code" : "verification_uri"));
    }
    Instant deadline = auth.clock().instant().plus(seconds(answer, "expires_in", DEFAULT_EXPIRY));
    Duration interval = seconds(answer, "interval", DEFAULT_INTERVAL);
    if (complete != null) {
      if (userCode != null) {
        auth.console().println("Your code is " + userCode);
      }
      auth.showUrl(complete);
    } else {
      auth.console()
          .println("Please enter the following code when asked in your browser: " + userCode);
      auth.showUrl(uri);
    }
    while (true) {
      if (!auth.clock().instant().plus(interval).isBefore(deadline)) {
        throw new AuthenticationFailedException(EXPIRED);
      }
      auth.sleep(interval);
      try {
        return auth.verified(client.pollDevice(deviceCode, pkce.verifier), null, null);
      } catch (OAuthErrorException e) {
        switch (e.error()) {
          case "authorization_pending":
            break;
          case "slow_down":
            interval = interval.plusSeconds(5);
            break;
          case "expired_token":
            throw new AuthenticationFailedException(EXPIRED, e);
          case "access_denied":
            throw new AuthenticationFailedException("the login was declined in the browser", e);
          default:
            throw e;
        }
      }
    }
  }

  private static Duration seconds(JsonObject o, String name, Duration fallback) {
    JsonElement e = o.get(name);
    if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      long s = e.getAsLong();
      if (s > 0) {
        return Duration.ofSeconds(s);
      }
    }
    return fallback;
  }
}
