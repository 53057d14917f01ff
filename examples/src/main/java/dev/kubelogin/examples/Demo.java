package dev.kubelogin.examples;

import dev.kubelogin.core.kubeconfig.KubeconfigLoader;
import dev.kubelogin.core.resolve.KubeconfigResolver;
import dev.kubelogin.core.resolve.ResolvedContext;
import dev.kubelogin.fabric8.KubeloginFabric8;
import dev.kubelogin.oidc.OidcCredentialPlugin;
import dev.kubelogin.testing.FakeKubeApiServer;
import dev.kubelogin.testing.JwtIssuerConfig;
import dev.kubelogin.testing.TestIdentityProvider;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README's demo: an embedded OpenID provider and a fake API server on loopback, a kubeconfig in
 * int128/kubelogin's exec form, and a fabric8 client on it with the login served in-process — no
 * kubectl, no plugin process, no accounts.
 *
 * <p>The "browser" here follows the provider's redirects by itself (the embedded provider approves
 * every login); in a real program the system browser opens and the person logs in.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("kubelogin-demo");
    try (TestIdentityProvider idp =
            TestIdentityProvider.builder().user("alice", List.of("developers", "oncall")).start();
        FakeKubeApiServer cluster =
            FakeKubeApiServer.builder()
                .jwtIssuer(
                    JwtIssuerConfig.builder(idp.issuerUrl(), "kubernetes")
                        .usernameClaim("sub")
                        .usernamePrefix("oidc:")
                        .groupsClaim("groups")
                        .groupsPrefix("oidc:")
                        .build())
                .start()) {
      String issuer = idp.issuerUrl();
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

      say("");
      say(
          "1. A fabric8 client for the context. Its first request finds no cached token, so a login");
      say(
          "   runs in-process (authorization code + PKCE through a loopback server), and the token");
      say("   is written to int128's cache.");
      try (KubernetesClient client = KubeloginFabric8.newClient(context)) {
        whoAmI(client);
        try (var files = Files.list(cacheDir)) {
          files.forEach(f -> say("   cache file: " + f.getFileName()));
        }

        say("2. Its next request takes the token from memory: no login, no process, no file read.");
        whoAmI(client);
      }

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
      try (KubernetesClient client = KubeloginFabric8.newClient(again)) {
        whoAmI(client);
      }
    }
  }

  private static String kubeconfig(FakeKubeApiServer cluster, String issuer, Path cacheDir) {
    return cluster.kubeconfig(
        "exec:\n"
            + "  apiVersion: client.authentication.k8s.io/v1\n"
            + "  command: kubectl\n  interactiveMode: IfAvailable\n  args:\n"
            + "  - oidc-login\n  - get-token\n"
            + "  - --oidc-issuer-url="
            + issuer
            + "\n  - --oidc-client-id=kubernetes\n"
            + "  - --listen-address=127.0.0.1:0\n"
            + "  - --token-cache-dir="
            + cacheDir
            + "\n");
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

  private static void whoAmI(KubernetesClient client) {
    SelfSubjectReview review = client.resource(new SelfSubjectReviewBuilder().build()).create();
    UserInfo user = review.getStatus().getUserInfo();
    say(
        "   API server says: you are \""
            + user.getUsername()
            + "\" in groups "
            + user.getGroups().stream().map(g -> "\"" + g + "\"").collect(Collectors.toList())
            + "; namespaces "
            + client.namespaces().list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .collect(Collectors.toList()));
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
