package dev.kubelogin.oidc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One process of the cross-process test: announces itself, then asks for a token. */
public final class CacheContender {
  private CacheContender() {}

  public static void main(String[] args) {
    OidcTokenProvider provider =
        OidcTokenProvider.builder(
                GetTokenOptions.parse(
                    List.of(
                        "--oidc-issuer-url=" + args[0],
                        "--oidc-client-id=kubernetes",
                        "--username=alice",
                        "--password=pw")))
            .interactive(false)
            .home(Path.of(args[1]))
            .environment(Map.of())
            .build();
    System.out.println("calling");
    System.out.flush();
    System.out.println(provider.token().value());
  }
}
