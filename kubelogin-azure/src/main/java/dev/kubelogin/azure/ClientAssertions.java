package dev.kubelogin.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.CredentialUnavailableException;
import dev.kubelogin.core.InvalidConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Where the client assertion of a federated login comes from; each is read again for every token
 * request (files are rotated by the kubelet, CI tokens expire).
 */
final class ClientAssertions {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ClientAssertions() {}

  /** Built on the first request: checking the options must not start an HTTP client. */
  private static final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /**
   * workloadidentity: the federated token file, or GitHub Actions' OIDC token when its variables
   * are set.
   */
  static Callable<String> workloadIdentity(AzureOptions options, Map<String, String> env) {
    String ghUrl = env.get("ACTIONS_ID_TOKEN_REQUEST_URL");
    String ghToken = env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
    if (ghUrl != null && !ghUrl.isEmpty() && ghToken != null && !ghToken.isEmpty()) {
      return () -> gitHubActions(ghUrl, ghToken);
    }
    Path file =
        Path.of(
            options
                .federatedTokenFile()
                .orElseThrow(
                    () ->
                        new InvalidConfigurationException(
                            "workloadidentity login needs --federated-token-file or"
                                + " AZURE_FEDERATED_TOKEN_FILE")));
    return () -> {
      try {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
          throw new CredentialUnavailableException("federated token file " + file + " is empty");
        }
        return token;
      } catch (IOException e) {
        throw new CredentialUnavailableException(
            "cannot read federated token file " + file + ": " + e, e);
      }
    };
  }

  /** azurepipelines: the service connection's OIDC token from {@code SYSTEM_OIDCREQUESTURI}. */
  static Callable<String> azurePipelines(AzureOptions options, Map<String, String> env) {
    String uri = env.get("SYSTEM_OIDCREQUESTURI");
    String access = env.get("SYSTEM_ACCESSTOKEN");
    String connection =
        options
            .azurePipelinesServiceConnectionId()
            .orElseThrow(
                () ->
                    new InvalidConfigurationException(
                        "azurepipelines login needs --azure-pipelines-service-connection-id or"
                            + " AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"));
    if (uri == null || uri.isEmpty()) {
      throw new InvalidConfigurationException(
          "azurepipelines login needs SYSTEM_OIDCREQUESTURI (set by Azure Pipelines)");
    }
    if (access == null || access.isEmpty()) {
      throw new InvalidConfigurationException(
          "azurepipelines login needs SYSTEM_ACCESSTOKEN: map it into the step's env");
    }
    String url =
        uri
            + (uri.contains("?") ? "&" : "?")
            + "api-version=7.1&serviceConnectionId="
            + URLEncoder.encode(connection, StandardCharsets.UTF_8);
    return () ->
        member(
            send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + access)
                    .header("Content-Type", "application/json")
                    .header("X-TFS-FedAuthRedirect", "Suppress")
                    .POST(HttpRequest.BodyPublishers.noBody()),
                "Azure Pipelines OIDC endpoint"),
            "oidcToken",
            "Azure Pipelines OIDC endpoint");
  }

  private static String gitHubActions(String url, String token) throws IOException {
    String full =
        url
            + (url.contains("?") ? "&" : "?")
            + "audience="
            + URLEncoder.encode("api://AzureADTokenExchange", StandardCharsets.UTF_8);
    return member(
        send(
            HttpRequest.newBuilder(URI.create(full))
                .header("Authorization", "bearer " + token)
                .header("Accept", "application/json; api-version=2.0")
                .GET(),
            "GitHub Actions OIDC endpoint"),
        "value",
        "GitHub Actions OIDC endpoint");
  }

  private static String send(HttpRequest.Builder request, String what) throws IOException {
    HttpResponse<String> r;
    try {
      r = Http.CLIENT.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (r.statusCode() != 200) {
      String body = r.body() == null ? "" : r.body();
      throw new CredentialUnavailableException(
          what
              + " answered HTTP "
              + r.statusCode()
              + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
    }
    return r.body();
  }

  private static String member(String body, String name, String what) {
    try {
      JsonElement e = JsonParser.parseString(body);
      JsonElement v = e.isJsonObject() ? ((JsonObject) e).get(name) : null;
      if (v != null && v.isJsonPrimitive() && !v.getAsString().isEmpty()) {
        return v.getAsString();
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw new CredentialUnavailableException(
        what + " answered without a \"" + name + "\" string member");
  }
}
