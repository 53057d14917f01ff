package dev.kubelogin.oidc;

import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.core.flags.ParsedFlags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * int128's get-token command line as a flag set (each flag declared once, secrets recognised by
 * name in {@link GoFlags}) and its parse into {@link GetTokenOptions}, before validation.
 */
final class GetTokenFlags {
  private GetTokenFlags() {}

  /** int128's get-token flags, in its {@code --help} order, then klog's. */
  static final GoFlagSet FLAGS =
      GoFlagSet.of(
              "get-token",
              List.of(
                  GoFlag.string("oidc-issuer-url", "URL", "Issuer URL of the OpenID provider"),
                  GoFlag.string("oidc-client-id", "ID", "Client ID of the OpenID client"),
                  GoFlag.string("oidc-client-secret", "SECRET", "Client secret, if any"),
                  GoFlag.string(
                      "oidc-client-auth-method",
                      "METHOD",
                      "private_key_jwt|tls_client_auth|self_signed_tls_client_auth"),
                  GoFlag.string("oidc-client-key", "FILE", "Client's PEM private key"),
                  GoFlag.string("oidc-client-certificate", "FILE", "Client's PEM certificate"),
                  GoFlag.string("oidc-client-jwk", "FILE", "[private_key_jwt] client's JWK"),
                  GoFlag.string("oidc-redirect-url", "URL", "[authcode*] redirect_uri to send"),
                  GoFlag.string(
                      "oidc-authorization-url", "URL", "Authorization endpoint, over discovery's"),
                  GoFlag.string("oidc-token-url", "URL", "Token endpoint, over discovery's"),
                  GoFlag.string(
                      "oidc-device-authorization-url",
                      "URL",
                      "[device-code] device endpoint, over discovery's"),
                  GoFlag.string("oidc-jwks-url", "URL", "JWKS of ID tokens, over discovery's"),
                  GoFlag.of(
                      "oidc-extra-scope",
                      GoFlag.Kind.STRING_SLICE,
                      "SCOPE",
                      "Extra scopes (repeatable, comma list)"),
                  GoFlag.bool("oidc-use-access-token", "Print the access token, not the ID"),
                  GoFlag.bool(
                      "oidc-dpop", "Bind tokens to a key with DPoP, if the provider does it"),
                  GoFlag.bool(
                      "oidc-offline-access",
                      "Ask for a refresh token with the offline_access scope, if listed"),
                  GoFlag.string(
                      "oidc-auth-request-access-type",
                      "offline|online",
                      "[authcode*] access_type sent (offline)"),
                  GoFlag.of(
                      "oidc-request-header",
                      GoFlag.Kind.STRING_TO_STRING,
                      "K=V",
                      "Header on every request to the IdP"),
                  GoFlag.string(
                      "oidc-token-exchange-audience",
                      "AUD",
                      "Exchange the login's token for one for this audience (RFC 8693)"),
                  GoFlag.string(
                      "oidc-token-exchange-requested-token-type",
                      "access_token|id_token",
                      "[token exchange] the token asked for (access_token)"),
                  GoFlag.string(
                      "oidc-token-exchange-scope", "SCOPES", "[token exchange] scope asked for"),
                  GoFlag.bool("force-refresh", "Refresh (or log in) even if the cache is fresh"),
                  GoFlag.string(
                      "token-cache-dir", "DIR", "Cache directory (~/.kube/cache/oidc-login)"),
                  GoFlag.string(
                      "token-cache-storage", "disk|keyring|none", "Where tokens are kept"),
                  GoFlag.of(
                      "certificate-authority",
                      GoFlag.Kind.STRING_ARRAY,
                      "FILE",
                      "CA file of the IdP (repeatable)"),
                  GoFlag.of(
                      "certificate-authority-data",
                      GoFlag.Kind.STRING_ARRAY,
                      "BASE64",
                      "Base64 CA of the IdP"),
                  GoFlag.bool("insecure-skip-tls-verify", "Do not verify the IdP's certificate"),
                  GoFlag.bool("tls-renegotiation-once", "Accepted for compatibility"),
                  GoFlag.bool("tls-renegotiation-freely", "Accepted for compatibility"),
                  GoFlag.string("oidc-pkce-method", "auto|no|S256", "PKCE method (auto)"),
                  GoFlag.bool("oidc-use-pkce", "Deprecated: --oidc-pkce-method=S256"),
                  GoFlag.string(
                      "grant-type",
                      "TYPE",
                      "auto|authcode|authcode-keyboard|password|device-code|client-credentials"),
                  GoFlag.of(
                      "listen-address",
                      GoFlag.Kind.STRING_SLICE,
                      "HOST:PORT",
                      "[authcode] loopback addresses"),
                  GoFlag.bool("skip-open-browser", "[authcode] print the URL, open nothing"),
                  GoFlag.string("browser-command", "CMD", "[authcode] command that opens the URL"),
                  GoFlag.string("authentication-timeout-sec", "N", "[authcode] timeout (180)"),
                  GoFlag.string(
                      "local-server-cert", "FILE", "[authcode] HTTPS loopback certificate"),
                  GoFlag.string("local-server-key", "FILE", "[authcode] HTTPS loopback key"),
                  GoFlag.string("open-url-after-authentication", "URL", "[authcode] then go here"),
                  GoFlag.of(
                      "oidc-auth-request-extra-params",
                      GoFlag.Kind.STRING_TO_STRING,
                      "K=V",
                      "Extra authorization params"),
                  GoFlag.string(
                      "client-cert", "FILE", "Client certificate to present beside the token"),
                  GoFlag.string("client-key", "FILE", "Key of --client-cert"),
                  GoFlag.string("username", "NAME", "[password] user name"),
                  GoFlag.string("password", "PASSWORD", "[password] password (prompted if empty)"),
                  GoFlag.removed("oidc-redirect-url-hostname", "--oidc-redirect-url"),
                  GoFlag.removed("oidc-redirect-url-authcode-keyboard", "--oidc-redirect-url")))
          .plus("get-token", GoFlags.LOGGING)
          .withSingleDashLongNames();

  /** Parses {@code args}; the options are not validated yet. */
  static GetTokenOptions parse(List<String> args) {
    ParsedFlags parsed = FLAGS.parse(args);
    Map<String, String> strings = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Map<String, Boolean> bools = new LinkedHashMap<>();
    Map<String, Map<String, String>> maps = new LinkedHashMap<>();
    for (GoFlag flag : FLAGS.flags()) {
      String name = flag.name();
      switch (flag.kind()) {
        case BOOL:
          parsed.bool(name).ifPresent(b -> bools.put(name, b));
          break;
        case STRING_SLICE:
        case STRING_ARRAY:
          if (parsed.isGiven(name)) {
            lists.put(name, parsed.list(name));
          }
          break;
        case STRING_TO_STRING:
          parsed.map(name).ifPresent(m -> maps.put(name, m));
          break;
        default:
          parsed.string(name).ifPresent(v -> strings.put(name, v));
      }
    }
    return new GetTokenOptions(strings, lists, bools, maps);
  }
}
