package dev.kubelogin.oidc;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import dev.kubelogin.core.kubeconfig.Cluster;
import dev.kubelogin.core.kubeconfig.Context;
import dev.kubelogin.core.kubeconfig.ExecConfig;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * int128's {@code setup} as an API: log in once without the cache and return what a person needs to
 * configure kubectl and the API server — the claims, the {@code kubectl config set-credentials}
 * command, the username and groups kube-apiserver would derive with its legacy flag defaults
 * ({@code sub} with the {@code <issuer>#} prefix; groups from a {@code groups} claim), the
 * kube-apiserver flags and the equivalent {@code AuthenticationConfiguration}. Immutable.
 */
public final class OidcSetup {
  private final String issuer;
  private final String clientId;
  private final GetTokenOptions options;
  private final List<String> setupArgs;
  private final CachedTokens tokens;
  private final Map<String, Object> claims;
  private final String setCredentialsCommand;
  private final List<String> refreshTokenAdvice;
  private final String certificateAuthority;

  private OidcSetup(
      GetTokenOptions options,
      List<String> setupArgs,
      CachedTokens tokens,
      Map<String, Object> claims,
      String command,
      List<String> refreshTokenAdvice,
      String certificateAuthority) {
    this.issuer = options.issuerUrl();
    this.clientId = options.clientId();
    this.options = options;
    this.setupArgs = List.copyOf(setupArgs);
    this.tokens = tokens;
    this.claims = claims;
    this.setCredentialsCommand = command;
    this.refreshTokenAdvice = List.copyOf(refreshTokenAdvice);
    this.certificateAuthority = certificateAuthority;
  }

  /**
   * Logs in with {@code authenticator} (no cache is read or written).
   *
   * @param setupArgs the flags as the person gave them, for the {@code set-credentials} command
   * @throws dev.kubelogin.core.KubeloginException when the login fails
   */
  public static OidcSetup run(OidcAuthenticator authenticator, List<String> setupArgs) {
    CachedTokens tokens = authenticator.login();
    return new OidcSetup(
        authenticator.options(),
        setupArgs,
        tokens,
        claims(tokens.idToken()),
        command(setupArgs),
        refreshTokenAdvice(authenticator.options(), authenticator.metadata(), tokens),
        certificateAuthority(authenticator.options(), authenticator.home()));
  }

  /**
   * The PEM the login trusted the provider with ({@code --certificate-authority} files and {@code
   * --certificate-authority-data}), which kube-apiserver needs too; empty when none was given.
   */
  static String certificateAuthority(GetTokenOptions options, Path home) {
    StringBuilder pem = new StringBuilder();
    for (String file : options.certificateAuthorities()) {
      try {
        pem.append(
            Files.readString(GetTokenOptions.expandHome(file, home), StandardCharsets.UTF_8)
                .strip());
        pem.append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    for (String data : options.certificateAuthorityData()) {
      pem.append(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8).strip());
      pem.append('\n');
    }
    return pem.toString();
  }

  /**
   * Whether this login got a refresh token, and how the provider issues one: the {@code
   * offline_access} scope (when discovery lists it; {@code --oidc-offline-access}) or Google's
   * {@code access_type=offline} (sent by default; a refresh token only on the first consent, again
   * with {@code prompt=consent}).
   */
  static List<String> refreshTokenAdvice(
      GetTokenOptions options, ProviderMetadata metadata, CachedTokens tokens) {
    List<String> lines = new ArrayList<>();
    boolean listsOffline = metadata.scopesSupported().contains(LoginSession.OFFLINE_ACCESS);
    boolean google = metadata.issuer().startsWith("https://accounts.google.com");
    lines.add(
        tokens.refreshToken().isPresent()
            ? "This login got a refresh token: expired tokens are refreshed without a login."
            : "This login got no refresh token: every expiry means a new login.");
    if (listsOffline) {
      lines.add(
          "The provider lists the offline_access scope"
              + (options.offlineAccess()
                  ? ", which was requested (--oidc-offline-access)."
                  : ": add --oidc-offline-access to ask for a refresh token with it."));
    } else if (!metadata.scopesSupported().isEmpty()) {
      lines.add(
          "The provider does not list the offline_access scope; --oidc-offline-access would not"
              + " request it.");
    }
    if (google) {
      lines.add(
          "Google issues refresh tokens for access_type=offline (sent unless"
              + " --oidc-auth-request-access-type=online) on the first consent only; add"
              + " --oidc-auth-request-extra-params=prompt=consent to get one again.");
    } else if (!listsOffline) {
      lines.add(
          "access_type=offline is sent by default (Google's way); providers that ignore it issue"
              + " refresh tokens as their client settings say.");
    }
    return lines;
  }

  /** How this login fares for refresh tokens: lines for a person (see {@link #run}). */
  public List<String> refreshTokenAdvice() {
    return refreshTokenAdvice;
  }

  /**
   * Writes the kubeconfig for this login, as one locked edit: the cluster (when {@code newCluster}
   * is given), a user whose exec stanza runs {@code kubectl oidc-login get-token} with the setup's
   * flags (never the password) in {@code interactiveMode: IfAvailable}, and a context joining them,
   * made current. Then stores the login's tokens where that get-token reads them (with {@code
   * --token-cache-storage=disk}, the default), so the next kubectl command needs no login.
   *
   * <p>{@code IfAvailable} rather than int128's {@code Never}: this library honours {@code
   * spec.interactive: false} and never opens a browser then, so {@code Never} would only turn an
   * expired session into an error instead of a login.
   *
   * @param newCluster the cluster to write, or {@code null} to use the one the kubeconfig has
   * @throws dev.kubelogin.core.InvalidConfigurationException when {@code newCluster} is null and
   *     the kubeconfig has no cluster {@code cluster}
   * @throws java.io.UncheckedIOException when the kubeconfig or the cache cannot be written
   */
  public void writeKubeconfig(
      KubeconfigLoader loader,
      String cluster,
      Cluster newCluster,
      String user,
      String context,
      Map<String, String> environment,
      Path home) {
    if (newCluster == null && !loader.load().clusters().containsKey(cluster)) {
      throw new InvalidConfigurationException(
          "setup: cluster \"" + cluster + "\" is not in the kubeconfig; give --server URL");
    }
    List<String> execArgs = new ArrayList<>(List.of("oidc-login", "get-token"));
    // never write a password into the kubeconfig
    execArgs.addAll(GetTokenOptions.flags().without(setupArgs, Set.of("password")));
    ExecConfig exec =
        ExecConfig.builder("kubectl", "client.authentication.k8s.io/v1")
            .args(execArgs)
            .interactiveMode("IfAvailable")
            .build();
    loader
        .writer()
        .edit(
            e -> {
              if (newCluster != null) {
                e.setCluster(cluster, newCluster);
              }
              e.setUser(user, AuthInfo.builder().exec(exec).build())
                  .setContext(context, Context.builder(cluster, user).build())
                  .setCurrentContext(context);
            });
    if (options.storage().equals("disk")) {
      FileTokenStore.create(options.cacheDirectory(environment, home), CachedTokens.CODEC)
          .store(options.cacheKey(home).fileName(), tokens);
    }
  }

  /** The verified token's claims, in the token's order. */
  public Map<String, Object> claims() {
    return claims;
  }

  /** The claims as pretty JSON, as int128 prints them. */
  public String claimsJson() {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(claims);
  }

  /** The tokens of the login (not cached). Treat as secrets. */
  public CachedTokens tokens() {
    return tokens;
  }

  /**
   * The {@code kubectl config set-credentials oidc …} command int128 prints: exec API v1, {@code
   * --exec-interactive-mode=Never}, {@code kubectl oidc-login get-token}, then one quoted {@code
   * --exec-arg} per given flag, sorted by flag name as pflag visits them.
   */
  public String setCredentialsCommand() {
    return setCredentialsCommand;
  }

  /**
   * The username kube-apiserver derives with {@code --oidc-username-claim=sub} and no prefix flag:
   * {@code <issuer>#<sub>}.
   */
  public String username() {
    return issuer + "#" + claims.getOrDefault("sub", "");
  }

  /** The groups kube-apiserver derives with {@code --oidc-groups-claim=groups}; empty if none. */
  public List<String> groups() {
    Object g = claims.get("groups");
    List<String> out = new ArrayList<>();
    if (g instanceof List) {
      ((List<?>) g).forEach(x -> out.add(String.valueOf(x)));
    } else if (g instanceof String) {
      out.add((String) g);
    }
    return Collections.unmodifiableList(out);
  }

  /** The kube-apiserver flags that accept these tokens. */
  public List<String> apiServerFlags() {
    List<String> flags = new ArrayList<>();
    flags.add("--oidc-issuer-url=" + issuer);
    flags.add("--oidc-client-id=" + clientId);
    if (claims.containsKey("groups")) {
      flags.add("--oidc-groups-claim=groups");
    }
    return List.copyOf(flags);
  }

  /**
   * The {@code AuthenticationConfiguration} (API server {@code --authentication-config}, v1 from
   * Kubernetes 1.34, {@code v1beta1} with the same fields from 1.30) equivalent to {@link
   * #apiServerFlags()}; the config file has no defaulting, so the prefixes are spelled out. When
   * the login trusted the provider through {@code --certificate-authority(-data)}, the same PEM is
   * the issuer's {@code certificateAuthority} (the flags' {@code --oidc-ca-file}), without which
   * kube-apiserver could not fetch the provider's keys.
   */
  public String authenticationConfiguration() {
    StringBuilder y =
        new StringBuilder(
            "apiVersion: apiserver.config.k8s.io/v1\n"
                + "kind: AuthenticationConfiguration\n"
                + "jwt:\n"
                + "- issuer:\n"
                + "    url: "
                + yaml(issuer)
                + "\n    audiences:\n    - "
                + yaml(clientId)
                + (certificateAuthority.isEmpty()
                    ? ""
                    : "\n    certificateAuthority: |\n      "
                        + certificateAuthority.strip().replace("\n", "\n      "))
                + "\n  claimMappings:\n    username:\n      claim: sub\n      prefix: "
                + yaml(issuer + "#")
                + "\n");
    if (claims.containsKey("groups")) {
      y.append("    groups:\n      claim: groups\n      prefix: \"\"\n");
    }
    return y.toString();
  }

  private static String yaml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claims(String jwt) {
    String payload =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    JsonElement e = JsonParser.parseString(payload);
    return Collections.unmodifiableMap(
        new com.google.gson.Gson().fromJson((JsonObject) e, Map.class));
  }

  static String command(List<String> args) {
    List<String[]> flags = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        continue;
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.add(new String[] {body.substring(0, eq), body.substring(eq + 1)});
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--") && !isBool(body)) {
        flags.add(new String[] {body, args.get(++i)});
      } else {
        flags.add(new String[] {body, "true"});
      }
    }
    flags.sort(Comparator.comparing(f -> f[0])); // stable: slice elements keep their order
    StringBuilder b =
        new StringBuilder(
            "kubectl config set-credentials oidc \\\n"
                + "  --exec-api-version=client.authentication.k8s.io/v1 \\\n"
                + "  --exec-interactive-mode=Never \\\n"
                + "  --exec-command=kubectl \\\n"
                + "  --exec-arg=oidc-login \\\n"
                + "  --exec-arg=get-token");
    for (String[] f : flags) {
      b.append(" \\\n  --exec-arg=").append(goQuote("--" + f[0] + "=" + f[1]));
    }
    return b.toString();
  }

  private static boolean isBool(String name) {
    return GetTokenOptions.flags().flag(name).map(f -> f.kind() == GoFlag.Kind.BOOL).orElse(false);
  }

  /** Go's {@code strconv.Quote} for the characters flags contain. */
  static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\r':
          b.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public String toString() {
    return "OidcSetup{issuer=" + issuer + ", username=" + username() + "}";
  }
}
