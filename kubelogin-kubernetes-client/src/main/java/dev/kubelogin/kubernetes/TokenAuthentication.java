package dev.kubelogin.kubernetes;

import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.resolve.RequestAuthorizer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.credentials.Authentication;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * An {@link Authentication} that adds an OkHttp interceptor, which puts the {@code Authorization}
 * and {@code Impersonate-*} headers of a {@link RequestAuthorizer} on every request, and an OkHttp
 * {@link okhttp3.Authenticator}, which answers a 401 by dropping the rejected token and sending the
 * request once more with a new one. A {@link KubeloginException} reaches the caller as the cause of
 * an {@link IOException} (client-java: of an {@code ApiException}).
 */
final class TokenAuthentication implements Authentication, Interceptor, okhttp3.Authenticator {
  private final RequestAuthorizer authorizer;

  TokenAuthentication(RequestAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public void provide(ApiClient client) {
    client.setHttpClient(
        client.getHttpClient().newBuilder().addInterceptor(this).authenticator(this).build());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request.Builder request = chain.request().newBuilder();
    try {
      for (Map.Entry<String, List<String>> header : authorizer.headers().entrySet()) {
        request.removeHeader(header.getKey());
        for (String value : header.getValue()) {
          request.addHeader(header.getKey(), value);
        }
      }
    } catch (KubeloginException e) {
      throw new IOException(e.getMessage(), e);
    }
    return chain.proceed(request.build());
  }

  @Override
  public Request authenticate(Route route, Response response) throws IOException {
    if (response.priorResponse() != null) {
      return null; // already retried once
    }
    Optional<String> next;
    try {
      next = authorizer.afterUnauthorized(response.request().header("Authorization"));
    } catch (KubeloginException e) {
      throw new IOException(e.getMessage(), e);
    }
    return next.map(v -> response.request().newBuilder().header("Authorization", v).build())
        .orElse(null);
  }

  @Override
  public String toString() {
    return "TokenAuthentication{" + authorizer + "}";
  }
}
