package dev.kubelogin.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.TokenProvider;
import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.ClusterConnection;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.oidc.OidcCredentialPlugin;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.JwtIssuerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * The README's demo: an embedded OpenID provider and a fake API server on loopback, a kubeconfig in
 * int128/kubelogin's exec form, resolved in-process — no kubectl, no plugin process, no accounts.
 *
 * <p>The "browser" here follows the provider's redirects by itself (the embedded provider approves
 * every login); in a real program the system browser opens and the person logs in.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("kubelogin-demo");
    MockOAuth2Server idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    String issuer = idp.issuerUrl("demo").toString();
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "demo",
            "alice",
            "JWT",
            List.of("kubernetes"),
            Map.of("groups", List.of("developers", "oncall")),
            3600));
    try (FakeKubeApiServer cluster =
        FakeKubeApiServer.builder()
            .jwtIssuer(
                JwtIssuerConfig.builder(issuer, "kubernetes")
                    .usernameClaim("sub")
                    .usernamePrefix("oidc:")
                    .groupsClaim("groups")
                    .groupsPrefix("oidc:")
                    .build())
            .start()) {
      say("identity provider  " + issuer + "  (mock-oauth2-server, in this JVM)");
      say("API server         " + cluster.url() + "  (trusts that issuer, like --oidc-issuer-url)");

      Path cacheDir = work.resolve("oidc-login");
      Path kubeconfig = work.resolve("config");
      Files.writeString(kubeconfig, kubeconfig(cluster, issuer, cacheDir));
      say("kubeconfig         " + kubeconfig + "  (exec: kubectl oidc-login get-token ...)");

      KubeconfigResolver resolver =
          KubeconfigResolver.builder()
              .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).build())
              .plugins(List.of(new OidcCredentialPlugin().withBrowser(Demo::followRedirects)))
              .interactive(true)
              .build();
      ResolvedContext context = resolver.resolve();
      TokenProvider tokens = context.credentials().tokenProvider().orElseThrow();

      say("");
      say(
          "1. First request: no cached token, so a login runs in-process (authorization code + PKCE");
      say("   through a loopback server), and the token is written to int128's cache.");
      whoAmI(context.cluster(), tokens.token());
      try (var files = Files.list(cacheDir)) {
        files.forEach(f -> say("   cache file: " + f.getFileName()));
      }

      say("2. Second request: the token comes from memory; no login, no process, no file read.");
      whoAmI(context.cluster(), tokens.token());

      say(
          "3. A new resolver (a new program, or kubectl with int128's plugin) finds the same cache");
      say("   file and logs in nobody.");
      ResolvedContext again =
          KubeconfigResolver.builder()
              .loader(KubeconfigLoader.builder().explicitFile(kubeconfig).build())
              .plugins(
                  List.of(
                      new OidcCredentialPlugin()
                          .withBrowser(
                              url -> {
                                throw new IOException("no login expected");
                              })))
              .interactive(false)
              .build()
              .resolve();
      whoAmI(again.cluster(), again.credentials().tokenProvider().orElseThrow().token());
    } finally {
      idp.shutdown();
    }
  }

  private static String kubeconfig(FakeKubeApiServer cluster, String issuer, Path cacheDir) {
    String ca =
        Base64.getEncoder()
            .encodeToString(cluster.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8));
    return "apiVersion: v1\nkind: Config\ncurrent-context: demo\n"
        + "clusters:\n- name: demo\n  cluster:\n    server: "
        + cluster.url()
        + "\n    certificate-authority-data: "
        + ca
        + "\ncontexts:\n- name: demo\n  context:\n    cluster: demo\n    user: oidc\n"
        + "users:\n- name: oidc\n  user:\n    exec:\n"
        + "      apiVersion: client.authentication.k8s.io/v1\n"
        + "      command: kubectl\n      interactiveMode: IfAvailable\n      args:\n"
        + "      - oidc-login\n      - get-token\n"
        + "      - --oidc-issuer-url="
        + issuer
        + "\n      - --oidc-client-id=kubernetes\n"
        + "      - --listen-address=127.0.0.1:0\n"
        + "      - --token-cache-dir="
        + cacheDir
        + "\n";
  }

  /** The demo's browser: visits the URL and follows the redirects back to the loopback server. */
  private static void followRedirects(String url) throws IOException {
    say("   browser opens " + url.substring(0, url.indexOf('?')) + "?client_id=kubernetes&...");
    try {
      HttpResponse<String> page =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
      say(
          "   browser shows: HTTP "
              + page.statusCode()
              + " from "
              + page.uri().getHost()
              + ":"
              + page.uri().getPort()
              + " (\"You have logged in to the cluster\")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void whoAmI(ClusterConnection cluster, AccessToken token) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "cluster",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(cluster.certificateAuthorityPem().orElseThrow())));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .sslContext(tls)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            cluster.server() + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                    .header("Authorization", "Bearer " + token.value())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException("the API server answered HTTP " + response.statusCode());
    }
    JsonObject user =
        JsonParser.parseString(response.body())
            .getAsJsonObject()
            .getAsJsonObject("status")
            .getAsJsonObject("userInfo");
    say(
        "   API server says: you are \""
            + user.get("username").getAsString()
            + "\" in groups "
            + user.get("groups")
            + " (token expires "
            + token.expiresAt().map(Object::toString).orElse("never")
            + ")");
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
