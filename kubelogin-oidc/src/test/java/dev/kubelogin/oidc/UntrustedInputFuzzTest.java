package dev.kubelogin.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kubelogin.core.AuthenticationFailedException;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * What reaches the OIDC side from outside: the int128 cache record and the JWT payload read from
 * it, the provider's discovery and token answers, raw requests to the loopback server, and the
 * get-token flags. Each ends in a value or in our exception taxonomy.
 */
class UntrustedInputFuzzTest {
  private static final Path DIR;
  private static final LoopbackServer SERVER;

  static {
    try {
      DIR = Files.createTempDirectory("oidc-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SERVER = LoopbackServer.start(List.of("127.0.0.1:0"), "", null, "the-state", "");
    SERVER.authorizationUrl("https://idp.example/auth");
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void cacheRecord_anyFileContent_missOrTokensWhoseExpiryReads(byte[] data) throws IOException {
    FileTokenStore<CachedTokens> store = FileTokenStore.create(DIR, CachedTokens.CODEC);
    Files.write(DIR.resolve("entry"), data);

    store
        .load("entry")
        .ifPresent(
            t -> {
              t.expiresAt();
              t.issuedAt();
              t.isValidAt(Instant.EPOCH);
              assertThat(CachedTokens.parse(t.toJson())).isEqualTo(t);
            });
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void providerAnswers_anyBody_parsedOrAuthenticationFailed(byte[] data) {
    String body = new String(data, StandardCharsets.UTF_8);
    try {
      ProviderMetadata.parse(body, "https://idp.example");
    } catch (AuthenticationFailedException e) {
      // a clear refusal
    }
    try {
      TokenResponse.parse(body, "https://idp.example/token");
    } catch (AuthenticationFailedException e) {
      // a clear refusal (OAuthErrorException for an error answer)
    }
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void loopbackServer_anyRawRequest_keepsAnswering(byte[] data) throws IOException {
    // Jazzer's SSRF detector: the only connections made are the test's own to the server.
    BugDetectors.allowNetworkConnections(
        (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    int port = Integer.parseInt(SERVER.redirectUri().replaceAll(".*:", ""));
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      raw.setSoTimeout(5000);
      raw.getOutputStream().write(data);
      raw.shutdownOutput();
      drain(raw.getInputStream());
    } catch (java.net.SocketTimeoutException e) {
      // a request the server still waits on is fine, as long as the next one is answered
    } catch (IOException e) {
      // reset by the server for a malformed request
    }
    try (Socket next = new Socket("127.0.0.1", port)) {
      next.setSoTimeout(30_000);
      next.getOutputStream()
          .write(
              ("GET /nothing HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(drain(next.getInputStream()), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 404");
    }
  }

  @Timeout(30) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void getTokenFlags_anyArguments_optionsOrInvalidConfiguration(FuzzedDataProvider data) {
    List<String> args = new ArrayList<>();
    while (data.remainingBytes() > 0 && args.size() < 20) {
      args.add(data.consumeString(60));
    }
    try {
      GetTokenOptions.parse(args).cacheKey(DIR);
    } catch (InvalidConfigurationException e) {
      // int128's message for a bad flag
    }
  }

  private static byte[] drain(InputStream in) throws IOException {
    return in.readNBytes(64 * 1024);
  }
}
