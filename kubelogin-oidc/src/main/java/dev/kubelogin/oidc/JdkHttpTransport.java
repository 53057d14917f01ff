package dev.kubelogin.oidc;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A google-http-client transport over {@code java.net.http.HttpClient}. The JDK's {@code
 * HttpURLConnection}, behind google-http-client's default transport, silently drops restricted
 * headers such as {@code Origin}, which int128's {@code --oidc-request-header} exists to send
 * (Entra ID single-page-app registrations need it); this client sends them.
 *
 * <p>The read timeout is a total deadline for the whole answer, body included (the JDK's own
 * request timeout ends when the headers arrive, so a provider that then sends a byte a second would
 * hold the caller forever), further cut to what the running login has left ({@link LoginDeadline}).
 * Bodies over {@link #MAX_BODY} bytes are refused.
 */
final class JdkHttpTransport extends HttpTransport {
  /** Identity provider answers are small; 1 MiB is plenty and bounds what a liar can send. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient client;

  JdkHttpTransport(SSLContext sslContext, ProxySelector proxies, Duration connectTimeout) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    b.proxy(proxies);
    this.client = b.build();
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) {
    return new Request(method, url);
  }

  private final class Request extends LowLevelHttpRequest {
    private final String method;
    private final String url;
    private final List<String[]> headers = new ArrayList<>();
    private Duration readTimeout = Duration.ofSeconds(30);

    Request(String method, String url) {
      this.method = method;
      this.url = url;
    }

    @Override
    public void addHeader(String name, String value) {
      headers.add(new String[] {name, value});
    }

    @Override
    public void setTimeout(int connectTimeout, int readTimeout) {
      this.readTimeout = readTimeout > 0 ? Duration.ofMillis(readTimeout) : Duration.ofDays(1);
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
      if (getStreamingContent() != null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        getStreamingContent().writeTo(out);
        body = HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout).method(method, body);
      for (String[] h : headers) {
        if (!h[0].equalsIgnoreCase("content-length")
            && !h[0].equalsIgnoreCase("host")
            && !h[0].equalsIgnoreCase("connection")) {
          b.header(h[0], h[1]);
        }
      }
      if (getContentType() != null) {
        b.setHeader("Content-Type", getContentType());
      }
      if (getContentEncoding() != null) {
        b.setHeader("Content-Encoding", getContentEncoding());
      }
      Duration total = LoginDeadline.cap(readTimeout);
      CompletableFuture<HttpResponse<byte[]>> answer =
          client.sendAsync(b.timeout(positive(total)).build(), info -> cappedBody());
      try {
        return new Response(answer.get(total.toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        answer.cancel(true);
        throw timedOut(total, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpTimeoutException) {
          throw timedOut(total, cause);
        }
        if (cause instanceof IOException) {
          throw (IOException) cause;
        }
        throw new IOException(cause.toString(), cause);
      } catch (InterruptedException e) {
        answer.cancel(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
  }

  private static Duration positive(Duration d) {
    return d.isZero() || d.isNegative() ? Duration.ofMillis(1) : d;
  }

  private static java.net.SocketTimeoutException timedOut(Duration total, Throwable cause) {
    java.net.SocketTimeoutException t =
        new java.net.SocketTimeoutException(
            "no complete answer within " + Math.max(1, total.toMillis()) + " ms");
    t.initCause(cause);
    return t;
  }

  /** Collects the body, failing once it grows past {@link #MAX_BODY}. */
  private static HttpResponse.BodySubscriber<byte[]> cappedBody() {
    return new HttpResponse.BodySubscriber<>() {
      private final ByteArrayOutputStream body = new ByteArrayOutputStream();
      private final CompletableFuture<byte[]> result = new CompletableFuture<>();
      private Flow.Subscription subscription;

      @Override
      public CompletionStage<byte[]> getBody() {
        return result;
      }

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
          if (body.size() + buffer.remaining() > MAX_BODY) {
            subscription.cancel();
            result.completeExceptionally(new IOException("response larger than 1 MiB"));
            return;
          }
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          body.writeBytes(bytes);
        }
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        result.complete(body.toByteArray());
      }
    };
  }

  private static final class Response extends LowLevelHttpResponse {
    private final HttpResponse<byte[]> response;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();

    Response(HttpResponse<byte[]> response) {
      this.response = response;
      response.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(response.body());
    }

    @Override
    public String getContentEncoding() {
      return response.headers().firstValue("Content-Encoding").orElse(null);
    }

    @Override
    public long getContentLength() {
      return response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    @Override
    public String getContentType() {
      return response.headers().firstValue("Content-Type").orElse(null);
    }

    @Override
    public String getStatusLine() {
      return "HTTP/1.1 " + response.statusCode();
    }

    @Override
    public int getStatusCode() {
      return response.statusCode();
    }

    @Override
    public String getReasonPhrase() {
      return "";
    }

    @Override
    public int getHeaderCount() {
      return headers.size();
    }

    @Override
    public String getHeaderName(int index) {
      return headers.get(index).getKey();
    }

    @Override
    public String getHeaderValue(int index) {
      return headers.get(index).getValue();
    }

    @Override
    public void disconnect() {}
  }
}
