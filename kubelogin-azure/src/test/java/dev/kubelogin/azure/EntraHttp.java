package dev.kubelogin.azure;

import com.microsoft.aad.msal4j.IHttpClient;
import dev.kubelogin.testing.FakeEntra;
import java.time.Duration;

/** msal4j's HTTP seam sending every request to a {@link FakeEntra}, whatever its authority. */
final class EntraHttp {
  private EntraHttp() {}

  static IHttpClient via(FakeEntra entra) {
    JdkHttpClient http = new JdkHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(30));
    return request -> http.send(request, entra.redirect(request.url().toURI()));
  }
}
