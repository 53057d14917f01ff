package dev.kubelogin.oidc;

import com.google.gson.JsonObject;
import dev.kubelogin.core.AuthenticationFailedException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Requests to an identity provider's token and device authorization endpoints for one client.
 *
 * <p>Client authentication follows golang.org/x/oauth2, as int128/kubelogin does: without a secret
 * the client id goes in the form; with one, HTTP Basic is tried first and the form body is used
 * when the provider refuses Basic, remembered for later requests. The client credentials grant
 * always uses Basic. A client authenticating with a key ({@code private_key_jwt}) sends its id and
 * a fresh assertion in the form of every request; one authenticating with its TLS certificate sends
 * its id (the certificate goes in the handshake). Thread-safe.
 */
final class OidcClient {
  private enum AuthStyle {
    UNKNOWN,
    HEADER,
    PARAMS
  }

  private final IdpTransport transport;
  private final ProviderMetadata metadata;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication authentication;
  private final DpopProofs dpop;
  private final AtomicReference<AuthStyle> authStyle = new AtomicReference<>(AuthStyle.UNKNOWN);
  private final AtomicReference<String> dpopNonce = new AtomicReference<>();

  OidcClient(
      IdpTransport transport, ProviderMetadata metadata, String clientId, String clientSecret) {
    this(transport, metadata, clientId, clientSecret, ClientAuthentication.none(), null);
  }

  OidcClient(
      IdpTransport transport,
      ProviderMetadata metadata,
      String clientId,
      String clientSecret,
      ClientAuthentication authentication,
      DpopProofs dpop) {
    this.dpop = dpop;
    this.transport = transport;
    this.metadata = metadata;
    this.clientId = clientId;
    this.clientSecret = clientSecret == null ? "" : clientSecret;
    this.authentication = authentication;
  }

  /** Whether the client authenticates with a key or a TLS certificate, not a secret. */
  private boolean keyOrCertificate() {
    return !authentication.method().isEmpty();
  }

  ProviderMetadata metadata() {
    return metadata;
  }

  /** The authorization endpoint, which the code grants need. */
  String authorizationEndpoint() {
    return metadata
        .authorizationEndpoint()
        .orElseThrow(
            () ->
                new AuthenticationFailedException(
                    "the issuer "
                        + metadata.issuer()
                        + " advertises no authorization_endpoint; give it with"
                        + " --oidc-authorization-url"));
  }

  TokenResponse exchangeCode(String code, String redirectUri, String codeVerifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    if (redirectUri != null && !redirectUri.isEmpty()) {
      form.put("redirect_uri", redirectUri);
    }
    if (codeVerifier != null) {
      form.put("code_verifier", codeVerifier);
    }
    return token("the authorization code exchange", form);
  }

  TokenResponse password(String username, String password, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", username);
    form.put("password", password);
    form.put("scope", scope);
    return token("the password grant", form);
  }

  TokenResponse refresh(String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return token("the refresh", form);
  }

  TokenResponse clientCredentials(String scope, Map<String, String> extra) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", scope);
    if (extra != null) {
      form.putAll(extra);
    }
    if (keyOrCertificate()) {
      return token("the client credentials grant", form);
    }
    IdpTransport.Response r = postToken(form, clientId, clientSecret);
    return read("the client credentials grant", r);
  }

  /** RFC 8693 token exchange: {@code subjectToken} for a token for {@code audience}. */
  TokenResponse tokenExchange(
      String subjectToken,
      String subjectTokenType,
      String audience,
      String requestedTokenType,
      String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
    form.put("subject_token", subjectToken);
    form.put("subject_token_type", subjectTokenType);
    form.put("requested_token_type", requestedTokenType);
    form.put("audience", audience);
    if (scope != null && !scope.isEmpty()) {
      form.put("scope", scope);
    }
    return token("the token exchange", form);
  }

  /** Polls the token endpoint once for a device code. */
  TokenResponse pollDevice(String deviceCode, String codeVerifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
    form.put("device_code", deviceCode);
    if (codeVerifier != null) {
      form.put("code_verifier", codeVerifier);
    }
    return token("the device code grant", form);
  }

  /** Starts a device authorization (RFC 8628 §3.1); returns its JSON answer. */
  JsonObject deviceAuthorization(String scope, Map<String, String> pkce) {
    String endpoint =
        metadata
            .deviceAuthorizationEndpoint()
            .orElseThrow(
                () ->
                    new AuthenticationFailedException(
                        "the issuer "
                            + metadata.issuer()
                            + " advertises no device_authorization_endpoint; give it with"
                            + " --oidc-device-authorization-url (GitLab:"
                            + " https://<gitlab>/oauth/authorize_device) or use another"
                            + " --grant-type"));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("scope", scope);
    if (!clientSecret.isEmpty()) {
      form.put("client_secret", clientSecret);
    }
    if (keyOrCertificate()) {
      form.putAll(authentication.parameters(clientId, metadata.tokenEndpoint()));
    }
    form.putAll(pkce);
    IdpTransport.Response r = transport.postForm(endpoint, form, null, null);
    if (r.status != 200) {
      throw error("the device authorization request", r);
    }
    JsonObject o = JsonMembers.object(r.body);
    if (o == null) {
      throw new AuthenticationFailedException(
          "the device authorization endpoint " + endpoint + " answered a body that is not JSON");
    }
    return o;
  }

  private TokenResponse token(String action, Map<String, String> form) {
    if (keyOrCertificate()) {
      form.putAll(authentication.parameters(clientId, metadata.tokenEndpoint()));
      return read(action, postToken(form, null, null));
    }
    if (clientSecret.isEmpty()) {
      form.put("client_id", clientId);
      return read(action, postToken(form, null, null));
    }
    AuthStyle style = authStyle.get();
    if (style != AuthStyle.PARAMS) {
      IdpTransport.Response r = postToken(form, clientId, clientSecret);
      if (style == AuthStyle.HEADER || !refusedClient(r)) {
        if (r.status == 200) {
          authStyle.set(AuthStyle.HEADER);
        }
        return read(action, r);
      }
    }
    Map<String, String> withParams = new LinkedHashMap<>(form);
    withParams.put("client_id", clientId);
    withParams.put("client_secret", clientSecret);
    IdpTransport.Response r = postToken(withParams, null, null);
    if (r.status == 200) {
      authStyle.set(AuthStyle.PARAMS);
    }
    return read(action, r);
  }

  /**
   * POSTs to the token endpoint; with DPoP, with a proof for it, and once more with the nonce the
   * provider asks for ({@code use_dpop_nonce}, RFC 9449 §8), whose latest value later proofs carry,
   * and a fresh client assertion when the client signs one.
   */
  private IdpTransport.Response postToken(Map<String, String> form, String user, String password) {
    String endpoint = metadata.tokenEndpoint();
    if (dpop == null) {
      return transport.postForm(endpoint, form, user, password);
    }
    IdpTransport.Response r =
        transport.postForm(
            endpoint,
            form,
            user,
            password,
            Map.of("DPoP", dpop.proof("POST", endpoint, dpopNonce.get())));
    if (r.dpopNonce != null) {
      dpopNonce.set(r.dpopNonce);
    }
    JsonObject o = r.status == 400 ? JsonMembers.object(r.body) : null;
    if (o != null
        && "use_dpop_nonce".equals(JsonMembers.string(o, "error"))
        && r.dpopNonce != null) {
      if (form.containsKey("client_assertion")) {
        // a client assertion is single-use (its jti): the retry carries a fresh one
        form.putAll(authentication.parameters(clientId, endpoint));
      }
      r =
          transport.postForm(
              endpoint,
              form,
              user,
              password,
              Map.of("DPoP", dpop.proof("POST", endpoint, r.dpopNonce)));
      if (r.dpopNonce != null) {
        dpopNonce.set(r.dpopNonce);
      }
    }
    return r;
  }

  /** Whether an answer refuses the client authentication itself (so the form body may work). */
  private static boolean refusedClient(IdpTransport.Response r) {
    if (r.status == 401) {
      return true;
    }
    JsonObject o = JsonMembers.object(r.body);
    String error = o == null ? null : JsonMembers.string(o, "error");
    return r.status == 400
        && ("invalid_client".equals(error) || "unauthorized_client".equals(error));
  }

  private TokenResponse read(String action, IdpTransport.Response r) {
    if (r.status != 200) {
      throw error(action, r);
    }
    if (r.contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
      throw new AuthenticationFailedException(
          action + " failed: the token endpoint answered an HTML page, not JSON");
    }
    return TokenResponse.parse(r.body, metadata.tokenEndpoint());
  }

  /** The error of a non-200 answer: the OAuth error when there is one, else status and body. */
  static AuthenticationFailedException error(String action, IdpTransport.Response r) {
    JsonObject o = JsonMembers.object(r.body);
    String error = o == null ? null : JsonMembers.string(o, "error");
    if (error != null) {
      return new OAuthErrorException(
          action, error, JsonMembers.string(o, "error_description"), r.status);
    }
    return new AuthenticationFailedException(
        action
            + " failed: the identity provider answered HTTP "
            + r.status
            + Discovery.snippet(
                r.contentType.toLowerCase(Locale.ROOT).startsWith("text/html") ? "" : r.body));
  }
}
