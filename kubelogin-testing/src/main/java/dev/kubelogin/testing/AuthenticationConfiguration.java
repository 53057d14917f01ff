package dev.kubelogin.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * kube-apiserver's structured authentication configuration ({@code --authentication-config}):
 * {@code kind: AuthenticationConfiguration} of {@code apiserver.config.k8s.io/v1} (GA in 1.34) or
 * {@code v1beta1}, loaded and validated as kube-apiserver 1.34 does, for a {@link
 * FakeKubeApiServer} to {@linkplain FakeKubeApiServer.Builder#authenticationConfiguration apply}.
 *
 * <p>Loading is strict (an unknown field is an error), and every rule kube-apiserver checks at
 * start-up is checked here, with its field paths and wording: HTTPS issuer URLs without user, query
 * or fragment, unique across issuers, as {@code discoveryURL}s are; audiences and {@code
 * audienceMatchPolicy}; the certificate authority's PEM; claim-or-expression mappings and the
 * {@code prefix} a claim needs; extra keys; {@code claims.email} needing {@code
 * claims.email_verified}; and every CEL expression compiled against {@code claims} or {@code user}.
 * The CEL compiler here is cel-java, so a compilation error's own text differs from cel-go's; the
 * field path, the value and {@code compilation failed:} are kube-apiserver's.
 *
 * <p>{@code anonymous} is validated but not applied: the fake API server answers requests without
 * credentials with 401. Immutable and thread-safe.
 */
public final class AuthenticationConfiguration {
  private static final Set<String> VERSIONS =
      Set.of("apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1beta1");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  final List<JwtRules> jwt;

  private AuthenticationConfiguration(List<JwtRules> jwt) {
    this.jwt = List.copyOf(jwt);
  }

  /**
   * Reads a configuration file.
   *
   * @throws IllegalArgumentException if it is not a valid configuration; the message is
   *     kube-apiserver's list of errors
   * @throws UncheckedIOException if the file cannot be read
   */
  public static AuthenticationConfiguration load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Parses a configuration (YAML or JSON).
   *
   * @throws IllegalArgumentException if it is not a valid configuration; the message is
   *     kube-apiserver's list of errors ({@code jwt[0].issuer.url: Invalid value: ...})
   */
  public static AuthenticationConfiguration parse(String yaml) {
    Objects.requireNonNull(yaml, "yaml");
    Object root;
    try {
      root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException("error converting YAML to JSON: " + e.getMessage(), e);
    }
    Node doc = new Node(root, "");
    Map<String, Node> top = doc.object(Set.of("apiVersion", "kind", "jwt", "anonymous"));
    String apiVersion = top.containsKey("apiVersion") ? top.get("apiVersion").string() : "";
    String kind = top.containsKey("kind") ? top.get("kind").string() : "";
    if (!kind.equals("AuthenticationConfiguration") || !VERSIONS.contains(apiVersion)) {
      throw new IllegalArgumentException(
          "no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\"");
    }
    Errors errors = new Errors();
    List<JwtRules> authenticators = new ArrayList<>();
    List<Node> jwt = top.containsKey("jwt") ? top.get("jwt").list() : List.of();
    if (jwt.size() > 64) {
      errors.add("jwt: Too many: " + jwt.size() + ": must have at most 64 items");
      throw errors.exception();
    }
    Set<String> issuers = new HashSet<>();
    Set<String> discoveryUrls = new HashSet<>();
    for (int i = 0; i < jwt.size(); i++) {
      String path = "jwt[" + i + "]";
      JwtRules rules = new Authenticator(jwt.get(i), path, errors).rules();
      if (rules != null) {
        authenticators.add(rules);
      }
      String url = jwt.get(i).at("issuer").at("url").stringOr("");
      if (!issuers.add(url)) {
        errors.add(path + ".issuer.url: Duplicate value: " + quote(url));
      }
      String discovery = jwt.get(i).at("issuer").at("discoveryURL").stringOr("");
      if (!discovery.isEmpty() && !discoveryUrls.add(discovery)) {
        errors.add(path + ".issuer.discoveryURL: Duplicate value: " + quote(discovery));
      }
    }
    if (top.containsKey("anonymous")) {
      Map<String, Node> anonymous = top.get("anonymous").object(Set.of("enabled", "conditions"));
      boolean enabled = anonymous.containsKey("enabled") && anonymous.get("enabled").bool();
      if (!enabled
          && anonymous.containsKey("conditions")
          && !anonymous.get("conditions").list().isEmpty()) {
        errors.add(
            "anonymous.conditions: Invalid value: "
                + anonymous.get("conditions").value
                + ": enabled should be set to true when conditions are defined");
      }
    }
    if (!errors.list.isEmpty()) {
      throw errors.exception();
    }
    return new AuthenticationConfiguration(authenticators);
  }

  /** The issuer URLs, in the file's order. */
  public List<String> issuerUrls() {
    List<String> urls = new ArrayList<>();
    jwt.forEach(r -> urls.add(r.issuerUrl));
    return List.copyOf(urls);
  }

  @Override
  public String toString() {
    return "AuthenticationConfiguration{jwt=" + issuerUrls() + "}";
  }

  /** Go's %q, enough for field errors. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** kube-apiserver's field.ErrorList, aggregated as it prints it. */
  private static final class Errors {
    final List<String> list = new ArrayList<>();

    void add(String error) {
      list.add(error);
    }

    void invalid(String path, String value, String detail) {
      list.add(path + ": Invalid value: " + quote(value) + ": " + detail);
    }

    void required(String path, String detail) {
      list.add(path + ": Required value" + (detail.isEmpty() ? "" : ": " + detail));
    }

    void duplicate(String path, String value) {
      list.add(path + ": Duplicate value: " + quote(value));
    }

    IllegalArgumentException exception() {
      return new IllegalArgumentException(
          list.size() == 1 ? list.get(0) : "[" + String.join(", ", list) + "]");
    }
  }

  /** A YAML node with its field path, decoded strictly. */
  private static final class Node {
    final Object value;
    final String path;

    Node(Object value, String path) {
      this.value = value;
      this.path = path;
    }

    private String child(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    /** The mapping's fields; an unknown one is an error, as kube-apiserver's strict decoding. */
    Map<String, Node> object(Set<String> known) {
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map)) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal " + kind(value) + " into Go value of field " + path);
      }
      Map<String, Node> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!known.contains(name)) {
          throw new IllegalArgumentException(
              "strict decoding error: unknown field " + quote(child(name)));
        }
        out.put(name, new Node(e.getValue(), child(name)));
      }
      return out;
    }

    List<Node> list() {
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List)) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal " + kind(value) + " into Go value of field " + path);
      }
      List<Node> out = new ArrayList<>();
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        out.add(new Node(items.get(i), path + "[" + i + "]"));
      }
      return out;
    }

    String string() {
      if (value == null) {
        return "";
      }
      if (!(value instanceof String)) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal "
                + kind(value)
                + " into Go value of type string ("
                + path
                + ")");
      }
      return (String) value;
    }

    boolean bool() {
      if (!(value instanceof Boolean)) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal " + kind(value) + " into Go value of type bool (" + path + ")");
      }
      return (Boolean) value;
    }

    /** The child without strictness (for cross-checks after the authenticator was read). */
    Node at(String name) {
      Object v = value instanceof Map ? ((Map<?, ?>) value).get(name) : null;
      return new Node(v, child(name));
    }

    String stringOr(String otherwise) {
      return value instanceof String ? (String) value : otherwise;
    }

    boolean isSet() {
      return value != null;
    }

    private static String kind(Object v) {
      if (v instanceof Map) {
        return "object";
      }
      if (v instanceof List) {
        return "array";
      }
      if (v instanceof String) {
        return "string";
      }
      if (v instanceof Boolean) {
        return "bool";
      }
      return v == null ? "null" : "number";
    }
  }

  /** One {@code jwt[i]}: decoded, validated and compiled as kube-apiserver's validation does. */
  private static final class Authenticator {
    private final String path;
    private final Errors errors;
    private final int errorsBefore;
    private boolean usesEmail;
    private boolean usesEmailVerified;
    private JwtRules rules;

    Authenticator(Node node, String path, Errors errors) {
      this.path = path;
      this.errors = errors;
      this.errorsBefore = errors.list.size();
      Map<String, Node> a =
          node.object(
              Set.of("issuer", "claimValidationRules", "claimMappings", "userValidationRules"));
      Map<String, Node> issuer =
          (a.containsKey("issuer") ? a.get("issuer") : new Node(null, path + ".issuer"))
              .object(
                  Set.of(
                      "url",
                      "discoveryURL",
                      "certificateAuthority",
                      "audiences",
                      "audienceMatchPolicy",
                      "egressSelectorType"));
      String url = string(issuer, "url");
      String discoveryUrl = string(issuer, "discoveryURL");
      String ca = string(issuer, "certificateAuthority");
      List<String> audiences = new ArrayList<>();
      if (issuer.containsKey("audiences")) {
        for (Node n : issuer.get("audiences").list()) {
          audiences.add(n.string());
        }
      }
      validateIssuer(
          url,
          discoveryUrl,
          ca,
          audiences,
          string(issuer, "audienceMatchPolicy"),
          string(issuer, "egressSelectorType"));

      Map<String, String> requiredClaims = new LinkedHashMap<>();
      List<JwtRules.Rule> claimRules =
          claimValidationRules(
              a.containsKey("claimValidationRules")
                  ? a.get("claimValidationRules").list()
                  : List.of(),
              requiredClaims);
      Map<String, Node> mappings =
          (a.containsKey("claimMappings")
                  ? a.get("claimMappings")
                  : new Node(null, path + ".claimMappings"))
              .object(Set.of("username", "groups", "uid", "extra"));
      String m = path + ".claimMappings";
      JwtRules.Mapping username =
          prefixedClaimOrExpression(mappings.get("username"), m + ".username", true);
      JwtRules.Mapping groups =
          prefixedClaimOrExpression(mappings.get("groups"), m + ".groups", false);
      JwtRules.Mapping uid = claimOrExpression(mappings.get("uid"), m + ".uid");
      Map<String, CelExpression> extra =
          extra(mappings.containsKey("extra") ? mappings.get("extra").list() : List.of(), m);
      if (usesEmail && !usesEmailVerified) {
        String expression =
            mappings.containsKey("username")
                ? mappings.get("username").at("expression").stringOr("")
                : "";
        errors.invalid(
            m + ".username.expression",
            expression,
            "claims.email_verified must be used in claimMappings.username.expression or"
                + " claimMappings.extra[*].valueExpression or claimValidationRules[*].expression"
                + " when claims.email is used in claimMappings.username.expression");
      }
      List<JwtRules.Rule> userRules =
          userValidationRules(
              a.containsKey("userValidationRules")
                  ? a.get("userValidationRules").list()
                  : List.of());
      if (errors.list.size() == errorsBefore) {
        rules =
            new JwtRules(
                url,
                discoveryUrl.isEmpty() ? null : discoveryUrl,
                ca.isEmpty() ? null : ca,
                audiences,
                JwtRules.ALL_ALGORITHMS,
                username,
                groups,
                uid,
                extra,
                requiredClaims,
                claimRules,
                userRules);
      }
    }

    JwtRules rules() {
      return rules;
    }

    private static String string(Map<String, Node> fields, String name) {
      return fields.containsKey(name) ? fields.get(name).string() : "";
    }

    private void validateIssuer(
        String url,
        String discoveryUrl,
        String ca,
        List<String> audiences,
        String policy,
        String egress) {
      String p = path + ".issuer";
      if (url.isEmpty()) {
        errors.required(p + ".url", "");
      } else {
        validateUrl(url, p + ".url");
      }
      if (!discoveryUrl.isEmpty()) {
        if (!url.isEmpty()
            && url.replaceAll("/+$", "").equals(discoveryUrl.replaceAll("/+$", ""))) {
          errors.invalid(
              p + ".discoveryURL", discoveryUrl, "discoveryURL must be different from URL");
        }
        validateUrl(discoveryUrl, p + ".discoveryURL");
      }
      String a = p + ".audiences";
      if (audiences.isEmpty()) {
        errors.required(a, "at least one " + a + " is required");
      } else {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < audiences.size(); i++) {
          if (audiences.get(i).isEmpty()) {
            errors.required(a + "[" + i + "]", "");
          }
          if (!seen.add(audiences.get(i))) {
            errors.duplicate(a + "[" + i + "]", audiences.get(i));
          }
        }
        if (audiences.size() > 1 && !policy.equals("MatchAny")) {
          errors.invalid(
              p + ".audienceMatchPolicy",
              policy,
              "audienceMatchPolicy must be MatchAny for multiple audiences");
        }
        if (audiences.size() == 1 && !policy.isEmpty() && !policy.equals("MatchAny")) {
          errors.invalid(
              p + ".audienceMatchPolicy",
              policy,
              "audienceMatchPolicy must be empty or MatchAny for single audience");
        }
      }
      if (!ca.isEmpty()) {
        try {
          if (CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(ca.getBytes(StandardCharsets.UTF_8)))
              .isEmpty()) {
            throw new CertificateException("none");
          }
        } catch (CertificateException e) {
          errors.invalid(
              p + ".certificateAuthority",
              "<omitted>",
              "data does not contain any valid RSA or ECDSA certificates");
        }
      }
      if (!egress.isEmpty() && !egress.equals("controlplane") && !egress.equals("cluster")) {
        errors.invalid(
            p + ".egressSelectorType",
            egress,
            "egress selector must be either controlplane or cluster");
      }
    }

    private void validateUrl(String url, String p) {
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        errors.invalid(p, url, "parse " + quote(url) + ": " + e.getReason());
        return;
      }
      if (!"https".equals(u.getScheme())) {
        errors.invalid(p, url, "URL scheme must be https");
      }
      if (u.getRawUserInfo() != null) {
        errors.invalid(p, url, "URL must not contain a username or password");
      }
      if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
        errors.invalid(p, url, "URL must not contain a query");
      }
      if (u.getRawFragment() != null && !u.getRawFragment().isEmpty()) {
        errors.invalid(p, url, "URL must not contain a fragment");
      }
    }

    /**
     * Compiles an expression over {@code claims}; one of the username, extra and claim validation
     * rules ({@code p} names which) counts for the use of {@code claims.email_verified}, as in
     * kube-apiserver.
     */
    private CelExpression compileClaims(String source, String p, boolean bool) {
      try {
        CelExpression e = CelExpression.claims(source, bool);
        if (p.contains(".username.")
            || p.contains(".extra[")
            || p.contains(".claimValidationRules[")) {
          usesEmailVerified |= e.selects("claims", "email_verified");
        }
        return e;
      } catch (CelExpression.CompileException e) {
        errors.invalid(p, source, "compilation failed: " + e.getMessage());
        return null;
      }
    }

    private List<JwtRules.Rule> claimValidationRules(
        List<Node> nodes, Map<String, String> requiredClaims) {
      List<JwtRules.Rule> rules = new ArrayList<>();
      Set<String> seenClaims = new HashSet<>();
      Set<String> seenExpressions = new HashSet<>();
      for (Node n : nodes) {
        String p = n.path;
        Map<String, Node> r = n.object(Set.of("claim", "requiredValue", "expression", "message"));
        String claim = string(r, "claim");
        String requiredValue = string(r, "requiredValue");
        String expression = string(r, "expression");
        String message = string(r, "message");
        if (!claim.isEmpty() && !expression.isEmpty()) {
          errors.invalid(p, claim, "claim and expression can't both be set");
        } else if (claim.isEmpty() && expression.isEmpty()) {
          errors.required(p, "claim or expression is required");
        } else if (!claim.isEmpty()) {
          if (!message.isEmpty()) {
            errors.invalid(p + ".message", message, "may not be specified when claim is set");
          }
          if (!seenClaims.add(claim)) {
            errors.duplicate(p + ".claim", claim);
          }
          requiredClaims.put(claim, requiredValue);
        } else {
          if (!requiredValue.isEmpty()) {
            errors.invalid(
                p + ".requiredValue", requiredValue, "may not be specified when expression is set");
          }
          if (!seenExpressions.add(expression)) {
            errors.duplicate(p + ".expression", expression);
            continue;
          }
          CelExpression e = compileClaims(expression, p + ".expression", true);
          if (e != null) {
            rules.add(new JwtRules.Rule(e, message));
          }
        }
      }
      return rules;
    }

    private JwtRules.Mapping prefixedClaimOrExpression(Node node, String p, boolean required) {
      Map<String, Node> f =
          (node == null ? new Node(null, p) : node).object(Set.of("claim", "prefix", "expression"));
      String claim = string(f, "claim");
      String expression = string(f, "expression");
      boolean hasPrefix = f.containsKey("prefix") && f.get("prefix").isSet();
      if (!claim.isEmpty() && !expression.isEmpty()) {
        errors.invalid(p, "", "claim and expression can't both be set");
      } else if (claim.isEmpty() && expression.isEmpty()) {
        if (required) {
          errors.required(p, "claim or expression is required");
        }
      } else if (!expression.isEmpty()) {
        if (hasPrefix) {
          errors.invalid(
              p + ".prefix",
              f.get("prefix").string(),
              "may not be specified when expression is set");
        }
        CelExpression e = compileClaims(expression, p + ".expression", false);
        if (e != null && p.endsWith(".username")) {
          usesEmail |= e.selects("claims", "email");
        }
        return new JwtRules.Mapping(null, null, e);
      } else {
        if (!hasPrefix) {
          errors.required(
              p + ".prefix",
              "prefix is required when claim is set. It can be set to an empty string to disable"
                  + " prefixing");
          return null;
        }
        return new JwtRules.Mapping(claim, f.get("prefix").string(), null);
      }
      return null;
    }

    private JwtRules.Mapping claimOrExpression(Node node, String p) {
      Map<String, Node> f =
          (node == null ? new Node(null, p) : node).object(Set.of("claim", "expression"));
      String claim = string(f, "claim");
      String expression = string(f, "expression");
      if (!claim.isEmpty() && !expression.isEmpty()) {
        errors.invalid(p, "", "claim and expression can't both be set");
        return null;
      }
      if (!expression.isEmpty()) {
        return new JwtRules.Mapping(
            null, null, compileClaims(expression, p + ".expression", false));
      }
      return claim.isEmpty() ? null : new JwtRules.Mapping(claim, null, null);
    }

    private Map<String, CelExpression> extra(List<Node> nodes, String m) {
      Map<String, CelExpression> extra = new LinkedHashMap<>();
      for (Node n : nodes) {
        String p = n.path;
        Map<String, Node> f = n.object(Set.of("key", "valueExpression"));
        String key = string(f, "key");
        String valueExpression = string(f, "valueExpression");
        validateDomainPrefixedPath(key, p + ".key");
        if (!key.equals(key.toLowerCase(Locale.ROOT))) {
          errors.invalid(p + ".key", key, "must be lowercase");
        }
        String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        if (domain.equals("kubernetes.io")
            || domain.endsWith(".kubernetes.io")
            || domain.equals("k8s.io")
            || domain.endsWith(".k8s.io")) {
          errors.invalid(
              p + ".key",
              key,
              "k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use");
        }
        if (extra.containsKey(key)) {
          errors.duplicate(p + ".key", key);
          continue;
        }
        if (valueExpression.isEmpty()) {
          extra.put(key, null);
          errors.required(p + ".valueExpression", "");
          continue;
        }
        extra.put(key, compileClaims(valueExpression, p + ".valueExpression", false));
      }
      return extra;
    }

    /** apimachinery's IsDomainPrefixedPath. */
    private void validateDomainPrefixedPath(String key, String p) {
      if (key.isEmpty()) {
        errors.required(p, "");
        return;
      }
      int slash = key.indexOf('/');
      if (slash <= 0 || slash == key.length() - 1) {
        errors.invalid(p, key, "must be a domain-prefixed path (such as \"acme.io/foo\")");
        return;
      }
      String host = key.substring(0, slash);
      if (host.length() > 253 || !DNS_SUBDOMAIN.matcher(host).matches()) {
        errors.invalid(
            p,
            host,
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
                + " or '.', and must start and end with an alphanumeric character");
      }
    }

    private List<JwtRules.Rule> userValidationRules(List<Node> nodes) {
      List<JwtRules.Rule> rules = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Node n : nodes) {
        String p = n.path;
        Map<String, Node> f = n.object(Set.of("expression", "message"));
        String expression = string(f, "expression");
        if (expression.isEmpty()) {
          errors.required(p + ".expression", "");
          continue;
        }
        if (!seen.add(expression)) {
          errors.duplicate(p + ".expression", expression);
          continue;
        }
        try {
          rules.add(new JwtRules.Rule(CelExpression.user(expression), string(f, "message")));
        } catch (CelExpression.CompileException e) {
          errors.invalid(p + ".expression", expression, "compilation failed: " + e.getMessage());
        }
      }
      return rules;
    }
  }
}
