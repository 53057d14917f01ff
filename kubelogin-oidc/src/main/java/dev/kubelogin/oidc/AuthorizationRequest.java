package dev.kubelogin.oidc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization URL both code grants send the person to, with the parameters in
 * golang.org/x/oauth2's order as int128 builds it: {@code client_id}, {@code redirect_uri} (when
 * there is one), {@code response_type=code}, {@code scope}, {@code state}, {@code access_type}
 * ({@code offline} unless asked otherwise), {@code nonce}, the PKCE challenge, then the extra
 * parameters, which may override any of them.
 */
final class AuthorizationRequest {
  private AuthorizationRequest() {}

  static String url(
      String endpoint,
      String clientId,
      String redirectUri,
      String scope,
      String state,
      String nonce,
      Pkce pkce,
      String accessType,
      Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", clientId);
    if (redirectUri != null && !redirectUri.isEmpty()) {
      params.put("redirect_uri", redirectUri);
    }
    params.put("response_type", "code");
    params.put("scope", scope);
    params.put("state", state);
    params.put("access_type", accessType);
    params.put("nonce", nonce);
    params.putAll(pkce.challengeParams());
    if (extra != null) {
      params.putAll(extra);
    }
    StringBuilder url = new StringBuilder(endpoint);
    url.append(endpoint.contains("?") ? '&' : '?');
    boolean first = true;
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!first) {
        url.append('&');
      }
      first = false;
      url.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return url.toString();
  }
}
