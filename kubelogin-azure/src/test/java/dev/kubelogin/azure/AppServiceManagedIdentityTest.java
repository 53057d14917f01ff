package dev.kubelogin.azure;

import static dev.kubelogin.testing.FakeEntra.SERVER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentitySourceType;
import dev.kubelogin.testing.FakeEntra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * msi on App Service: msal4j picks the source from the process environment, so the POM runs this
 * class in its own surefire execution with {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}
 * set (the fake serves the endpoint's path).
 */
class AppServiceManagedIdentityTest {

  @Test
  void appService_endpointAndHeaderFromTheEnvironment() throws Exception {
    assumeThat(System.getenv("IDENTITY_ENDPOINT"))
        .as("run by the app-service-msi execution")
        .isNotNull();
    assertThat(ManagedIdentityApplication.getManagedIdentitySource())
        .isEqualTo(ManagedIdentitySourceType.APP_SERVICE);
    try (FakeEntra entra = FakeEntra.start()) {
      AzureTokenProvider p =
          AzureTokenProvider.builder(
                  AzureOptions.parse(List.of("-l", "msi", "--server-id", SERVER_ID), Map.of()))
              .routeRequests(entra::redirect)
              .environment(Map.of())
              .build();
      assertThat(p.token().value()).startsWith("mi-at-");
      assertThat(entra.requests()).contains("GET /msi/token");
    }
  }
}
