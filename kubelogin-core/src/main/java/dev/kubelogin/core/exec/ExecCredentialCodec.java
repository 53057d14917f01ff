package dev.kubelogin.core.exec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.internal.Json;
import dev.kubelogin.core.internal.YamlTree;
import dev.kubelogin.core.tls.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code client.authentication.k8s.io} ExecCredential objects and the {@code
 * KUBERNETES_EXEC_INFO} variable.
 *
 * <p>{@link #readPluginOutput(String, String)} decodes and checks a plugin's stdout exactly as
 * client-go does, in the same order and with the same error texts, so that a failure reads the same
 * here as under kubectl. {@link #write(ExecCredential)} produces the one-line JSON that kubectl and
 * the Go plugins print. All methods are stateless and thread-safe.
 */
public final class ExecCredentialCodec {

  /** The API group of ExecCredential. */
  public static final String GROUP = "client.authentication.k8s.io";

  /** {@code client.authentication.k8s.io/v1}, GA since Kubernetes 1.22. */
  public static final String V1 = GROUP + "/v1";

  /** {@code client.authentication.k8s.io/v1beta1}. */
  public static final String V1BETA1 = GROUP + "/v1beta1";

  /** {@code client.authentication.k8s.io/v1alpha1}, removed in Kubernetes 1.24; read only. */
  public static final String V1ALPHA1 = GROUP + "/v1alpha1";

  /** The environment variable through which a client passes {@link ExecInfo} to a plugin. */
  public static final String EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO";

  /** The cluster extension whose value becomes {@code spec.cluster.config}. */
  public static final String CLUSTER_EXTENSION = GROUP + "/exec";

  private static final Set<String> SUPPORTED = Set.of(V1, V1BETA1, V1ALPHA1);
  static final String KIND = "ExecCredential";
  private static final String SCHEME = "pkg/client/auth/exec/exec.go:62";
  private static final String TYPE_META_STRUCT =
      "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string"
          + " \"json:\\\"kind,omitempty\\\"\" }";
  private static final Pattern RFC3339_DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})");

  private ExecCredentialCodec() {}

  /**
   * Writes {@code credential} as one line of compact JSON, without a trailing newline, in the field
   * order of client-go: {@code
   * {"kind":"ExecCredential","apiVersion":…,"spec":{"interactive":false},"status":{…}}}. The expiry
   * is RFC 3339 UTC to the second.
   *
   * @throws IllegalArgumentException if the API version is not v1 or v1beta1
   */
  public static String write(ExecCredential credential) {
    String apiVersion = credential.apiVersion();
    if (!apiVersion.equals(V1) && !apiVersion.equals(V1BETA1)) {
      throw new IllegalArgumentException("unknown apiVersion: " + apiVersion);
    }
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setHtmlSafe(false);
      w.beginObject();
      w.name("kind").value(KIND);
      w.name("apiVersion").value(apiVersion);
      w.name("spec").beginObject().name("interactive").value(false).endObject();
      w.name("status").beginObject();
      if (credential.expirationTimestamp().isPresent()) {
        w.name("expirationTimestamp").value(formatTime(credential.expirationTimestamp().get()));
      }
      if (credential.token().isPresent()) {
        w.name("token").value(credential.token().get());
      }
      if (credential.clientCertificateData().isPresent()) {
        w.name("clientCertificateData").value(credential.clientCertificateData().get());
      }
      if (credential.clientKeyData().isPresent()) {
        w.name("clientKeyData").value(credential.clientKeyData().get());
      }
      w.endObject();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Reads an ExecCredential of any known version (v1, v1beta1, v1alpha1), JSON or YAML, for example
   * a saved credential file.
   *
   * @throws AuthenticationFailedException if the text is not a valid ExecCredential
   */
  public static ExecCredential read(String text) {
    JsonObject o = decodeObject(text);
    String apiVersion = string(o, "apiVersion");
    if (apiVersion == null) {
      throw new AuthenticationFailedException("ExecCredential has no apiVersion");
    }
    checkKind(o, apiVersion);
    if (!SUPPORTED.contains(apiVersion)) {
      throw new AuthenticationFailedException(noKind(KIND, apiVersion));
    }
    return status(o, apiVersion);
  }

  /**
   * Decodes and checks an exec plugin's stdout the way client-go does, in its order and with its
   * error texts (for example {@code exec plugin is configured to use API version
   * client.authentication.k8s.io/v1, plugin returned version
   * client.authentication.k8s.io/v1beta1}).
   *
   * <p>JSON or YAML is accepted, {@code kind} may be missing, unknown fields are ignored; text
   * after the JSON value, a missing or different apiVersion, a missing status, a status with
   * neither token nor certificate and key, only one of certificate and key, a bad timestamp or an
   * unparsable certificate are errors. Unlike client-go, a plugin configured with v1alpha1 is
   * accepted.
   *
   * @param stdout everything the plugin printed on stdout
   * @param configuredApiVersion the {@code exec.apiVersion} of the kubeconfig
   * @throws AuthenticationFailedException with client-go's message
   */
  public static ExecCredential readPluginOutput(String stdout, String configuredApiVersion) {
    JsonObject o = stdout.isBlank() ? new JsonObject() : decodeObject(stdout);
    String apiVersion = string(o, "apiVersion");
    if (apiVersion != null) {
      checkKind(o, apiVersion);
      if (!SUPPORTED.contains(apiVersion)
          || (apiVersion.equals(V1ALPHA1) && !configuredApiVersion.equals(V1ALPHA1))) {
        throw new AuthenticationFailedException("decoding stdout: " + noKind(KIND, apiVersion));
      }
    }
    String returned = apiVersion == null ? GROUP + "/__internal" : apiVersion;
    if (!returned.equals(configuredApiVersion)) {
      throw new AuthenticationFailedException(
          "exec plugin is configured to use API version "
              + configuredApiVersion
              + ", plugin returned version "
              + returned);
    }
    return status(o, apiVersion);
  }

  private static ExecCredential status(JsonObject o, String apiVersion) {
    JsonElement statusElement = o.get("status");
    if (statusElement == null || statusElement.isJsonNull()) {
      throw new AuthenticationFailedException("exec plugin didn't return a status field");
    }
    if (!statusElement.isJsonObject()) {
      throw new AuthenticationFailedException(
          "decoding stdout: json: cannot unmarshal "
              + Json.goKind(Json.toPlain(statusElement))
              + " into Go struct field ExecCredential.status of type"
              + " clientauthentication.ExecCredentialStatus");
    }
    JsonObject status = statusElement.getAsJsonObject();
    String token = statusString(status, "token");
    String cert = statusString(status, "clientCertificateData");
    String key = statusString(status, "clientKeyData");
    String expiration = statusString(status, "expirationTimestamp");
    Instant expiresAt = expiration == null ? null : parseTime(expiration);
    boolean hasToken = token != null && !token.isEmpty();
    boolean hasCert = cert != null && !cert.isEmpty();
    boolean hasKey = key != null && !key.isEmpty();
    if (!hasToken && !hasCert && !hasKey) {
      throw new AuthenticationFailedException("exec plugin didn't return a token or cert/key pair");
    }
    if (hasCert != hasKey) {
      throw new AuthenticationFailedException(
          "exec plugin returned only certificate or key, not both");
    }
    if (hasCert) {
      checkKeyPair(cert, key);
    }
    return ExecCredential.builder(apiVersion)
        .token(token)
        .clientCertificate(cert, key)
        .expirationTimestamp(expiresAt)
        .build();
  }

  private static String statusString(JsonObject status, String field) {
    JsonElement e = status.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new AuthenticationFailedException(
          "decoding stdout: json: cannot unmarshal "
              + Json.goKind(Json.toPlain(e))
              + " into Go struct field ExecCredentialStatus.status."
              + field
              + " of type "
              + (field.equals("expirationTimestamp") ? "v1.Time" : "string"));
    }
    return e.getAsString();
  }

  private static JsonObject decodeObject(String text) {
    JsonElement element;
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      try {
        element = Json.parseStrict(text);
      } catch (Json.JsonSyntaxError e) {
        throw new AuthenticationFailedException(
            "decoding stdout: couldn't get version/kind; json parse error: " + e.getMessage());
      }
    } else {
      try {
        element = Json.toJson(YamlTree.parse(text, "stdout").root());
      } catch (YamlTree.YamlException e) {
        throw new AuthenticationFailedException(
            "decoding stdout: error converting YAML to JSON: yaml: line "
                + e.line()
                + ": "
                + e.getMessage());
      }
    }
    if (!element.isJsonObject()) {
      throw new AuthenticationFailedException(
          "decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal "
              + Json.goKind(Json.toPlain(element))
              + " into Go value of type "
              + TYPE_META_STRUCT);
    }
    return element.getAsJsonObject();
  }

  private static void checkKind(JsonObject o, String apiVersion) {
    String kind = string(o, "kind");
    if (kind != null && !kind.isEmpty() && !kind.equals(KIND)) {
      throw new AuthenticationFailedException("decoding stdout: " + noKind(kind, apiVersion));
    }
  }

  private static String noKind(String kind, String apiVersion) {
    return "no kind \""
        + kind
        + "\" is registered for version \""
        + apiVersion
        + "\" in scheme \""
        + SCHEME
        + "\"";
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new AuthenticationFailedException(
          "decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal "
              + Json.goKind(Json.toPlain(e))
              + " into Go struct field ."
              + field
              + " of type string");
    }
    String s = e.getAsString();
    return s.isEmpty() ? null : s;
  }

  private static void checkKeyPair(String certPem, String keyPem) {
    if (!certPem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new AuthenticationFailedException(
          "failed parsing client key/certificate: tls: failed to find any PEM data in certificate"
              + " input");
    }
    if (!keyPem.matches("(?s).*-----BEGIN [A-Z ]*PRIVATE KEY-----.*")) {
      throw new AuthenticationFailedException(
          "failed parsing client key/certificate: tls: failed to find any PEM data in key input");
    }
    try {
      Pem.certificates(certPem.getBytes(StandardCharsets.UTF_8));
    } catch (CertificateException e) {
      throw new AuthenticationFailedException(
          "failed parsing client key/certificate: x509: malformed certificate");
    }
  }

  /** Formats an instant the way metav1.Time does: RFC 3339, UTC, whole seconds. */
  static String formatTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Parses an RFC 3339 time with Go's error texts for the common failures. */
  static Instant parseTime(String value) {
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      String prefix = "decoding stdout: parsing time \"" + value + "\"";
      Matcher m = RFC3339_DATE.matcher(value);
      if (m.find()) {
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
          throw new AuthenticationFailedException(prefix + ": month out of range");
        }
        if (day < 1 || day > 31) {
          throw new AuthenticationFailedException(prefix + ": day out of range");
        }
      }
      throw new AuthenticationFailedException(
          prefix + " as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 time");
    }
  }

  /**
   * Reads {@code KUBERNETES_EXEC_INFO} tolerantly: a trailing newline, {@code config: null} and a
   * missing {@code cluster} are fine.
   *
   * @param value the variable's value
   * @throws InvalidConfigurationException if it is not an ExecCredential of a known version
   */
  public static ExecInfo readExecInfo(String value) {
    return ExecInfoJson.read(value);
  }

  /**
   * Writes {@code info} as client-go does: compact JSON in client-go's field order ({@code kind},
   * {@code apiVersion}, {@code spec{cluster{…}, interactive}}), {@code config} written as {@code
   * null} when absent, followed by a newline.
   */
  public static String writeExecInfo(ExecInfo info) {
    return ExecInfoJson.write(info);
  }

  /** Returns whether {@code apiVersion} is one this codec reads. */
  public static boolean isSupported(String apiVersion) {
    return SUPPORTED.contains(apiVersion);
  }
}
