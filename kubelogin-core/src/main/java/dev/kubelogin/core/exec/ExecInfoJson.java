package dev.kubelogin.core.exec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.internal.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;

/** {@code KUBERNETES_EXEC_INFO} as JSON, both ways; {@link ExecCredentialCodec} is its API. */
final class ExecInfoJson {
  private ExecInfoJson() {}

  /**
   * Reads {@code KUBERNETES_EXEC_INFO} tolerantly: a trailing newline, {@code config: null} and a
   * missing {@code cluster} are fine.
   *
   * @param value the variable's value
   * @throws InvalidConfigurationException if it is not an ExecCredential of a known version
   */
  static ExecInfo read(String value) {
    JsonElement element;
    try {
      element = Json.parseStrict(value.strip());
    } catch (Json.JsonSyntaxError e) {
      throw new InvalidConfigurationException(
          ExecCredentialCodec.EXEC_INFO_ENV + " is not valid JSON: " + e.getMessage());
    }
    if (!element.isJsonObject()) {
      throw new InvalidConfigurationException(
          ExecCredentialCodec.EXEC_INFO_ENV + " is not a JSON object");
    }
    JsonObject o = element.getAsJsonObject();
    String apiVersion = optString(o, "apiVersion");
    String kind = optString(o, "kind");
    if (apiVersion == null || !ExecCredentialCodec.isSupported(apiVersion)) {
      throw new InvalidConfigurationException(
          ExecCredentialCodec.EXEC_INFO_ENV + " has an unsupported apiVersion: " + apiVersion);
    }
    if (kind != null && !kind.equals(ExecCredentialCodec.KIND)) {
      throw new InvalidConfigurationException(
          ExecCredentialCodec.EXEC_INFO_ENV + " has kind " + kind);
    }
    JsonObject spec =
        o.has("spec") && o.get("spec").isJsonObject() ? o.getAsJsonObject("spec") : null;
    boolean interactive = false;
    ExecCluster cluster = null;
    if (spec != null) {
      JsonElement i = spec.get("interactive");
      interactive = i != null && i.isJsonPrimitive() && i.getAsBoolean();
      JsonElement c = spec.get("cluster");
      if (c != null && c.isJsonObject()) {
        cluster = readCluster(c.getAsJsonObject());
      }
    }
    return new ExecInfo(apiVersion, interactive, cluster);
  }

  private static ExecCluster readCluster(JsonObject c) {
    String server = optString(c, "server");
    ExecCluster.Builder b = ExecCluster.builder(server == null ? "" : server);
    b.tlsServerName(optString(c, "tls-server-name"));
    b.insecureSkipTlsVerify(optBool(c, "insecure-skip-tls-verify"));
    String ca = optString(c, "certificate-authority-data");
    if (ca != null) {
      try {
        b.certificateAuthorityData(Base64.getDecoder().decode(ca));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(
            ExecCredentialCodec.EXEC_INFO_ENV
                + " has invalid base64 in spec.cluster.certificate-authority-data");
      }
    }
    b.proxyUrl(optString(c, "proxy-url"));
    b.disableCompression(optBool(c, "disable-compression"));
    JsonElement config = c.get("config");
    if (config != null && !config.isJsonNull()) {
      b.configJson(config.toString());
    }
    return b.build();
  }

  private static String optString(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static boolean optBool(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null
        && e.isJsonPrimitive()
        && e.getAsJsonPrimitive().isBoolean()
        && e.getAsBoolean();
  }

  /**
   * Writes {@code info} as client-go does: compact JSON in client-go's field order ({@code kind},
   * {@code apiVersion}, {@code spec{cluster{…}, interactive}}), {@code config} written as {@code
   * null} when absent, followed by a newline.
   */
  static String write(ExecInfo info) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setHtmlSafe(false);
      w.setSerializeNulls(true);
      w.beginObject();
      w.name("kind").value(ExecCredentialCodec.KIND);
      w.name("apiVersion").value(info.apiVersion());
      w.name("spec").beginObject();
      if (info.cluster().isPresent()) {
        ExecCluster c = info.cluster().get();
        w.name("cluster").beginObject();
        w.name("server").value(c.server());
        if (c.tlsServerName().isPresent()) {
          w.name("tls-server-name").value(c.tlsServerName().get());
        }
        if (c.insecureSkipTlsVerify()) {
          w.name("insecure-skip-tls-verify").value(true);
        }
        if (c.certificateAuthorityData().isPresent()) {
          w.name("certificate-authority-data")
              .value(Base64.getEncoder().encodeToString(c.certificateAuthorityData().get()));
        }
        if (c.proxyUrl().isPresent()) {
          w.name("proxy-url").value(c.proxyUrl().get());
        }
        if (c.disableCompression()) {
          w.name("disable-compression").value(true);
        }
        w.name("config");
        if (c.configJson().isPresent()) {
          w.jsonValue(Json.parseStrict(c.configJson().get()).toString());
        } else {
          w.nullValue();
        }
        w.endObject();
      }
      w.name("interactive").value(info.interactive());
      w.endObject();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }
}
