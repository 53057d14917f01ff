package dev.kubelogin.oidc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test vectors of int128/kubelogin v1.36's cache file names (Go encoding/gob + SHA-256). */
class TokenCacheKeyTest {
  private static final String I = "https://issuer.example.com";
  private static final String C = "kubernetes";

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void typeDefinitions_are399Bytes() {
    assertThat(GobKeyEncoder.TYPE_DEFINITIONS).hasSize(399);
  }

  @Test
  void fileName_issuerAndClient_matchesGoVector() {
    TokenCacheKey key = TokenCacheKey.builder(I, C).build();
    byte[] stream = GobKeyEncoder.encode(key, null, null);
    String message = HexFormat.of().formatHex(stream, 399, stream.length);
    assertThat(message).isEqualTo("2fff8201011a" + hex(I) + "010a" + hex(C) + "00010000");
    assertThat(key.fileName())
        .isEqualTo("14f4f0fa7b3a2d30e319d0334ca320029af986c472c335463edb8bf0aea00b3a");
  }

  @Test
  void fileName_secretAndScopes_matchesGoVector() {
    TokenCacheKey key =
        TokenCacheKey.builder(I, C)
            .clientSecret("s3cr3t")
            .extraScopes(List.of("email", "profile"))
            .build();
    assertThat(key.fileName())
        .isEqualTo("c50f8af998547f0ef74e3bb93de694006886d60193bdfaaa2b67cf511ea9f359");
  }

  @Test
  void fileName_username_matchesGoVector() {
    assertThat(TokenCacheKey.builder(I, C).username("alice").build().fileName())
        .isEqualTo("3d7cff524ce80bb55ac672e35284fdf218a940a14099e8238600a696f2cbcd1b");
  }

  @Test
  void fileName_emptyNonNilExtraParams_matchesGoVector() {
    assertThat(TokenCacheKey.builder(I, C).authRequestExtraParams(Map.of()).build().fileName())
        .isEqualTo("343abc766e8f675a2d0421caa2b28d68938dc26243190275af7e09649bb84b23");
  }

  @Test
  void fileName_upstreamUnitTestKey_matchesGoVector() {
    TokenCacheKey key =
        TokenCacheKey.builder("YOUR_ISSUER", "YOUR_CLIENT_ID")
            .clientSecret("YOUR_CLIENT_SECRET")
            .extraScopes(List.of("openid", "email"))
            .caCertFilenames(List.of("/path/to/cert"))
            .build();
    assertThat(key.fileName())
        .isEqualTo("62184c3d9f3f1b3f41b686e07782a28c8c73a7ace5c0e7e6e900243c35301f8d");
  }

  @Test
  void fileNameCandidates_twoHeaders_bothGoOrders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("b", "2");
    headers.put("a", "1");
    TokenCacheKey key = TokenCacheKey.builder(I, C).requestHeaders(headers).build();

    List<String> candidates = key.fileNameCandidates();

    assertThat(candidates).hasSize(2).doesNotHaveDuplicates();
    assertThat(candidates.get(0)).isEqualTo(key.fileName());
    assertThat(
            TokenCacheKey.builder(I, C)
                .requestHeaders(Map.of("a", "1", "b", "2"))
                .build()
                .fileName())
        .as("the written name does not depend on insertion order")
        .isEqualTo(key.fileName());
  }

  @Test
  void fileNameCandidates_noMaps_single() {
    assertThat(TokenCacheKey.builder(I, C).build().fileNameCandidates()).hasSize(1);
  }

  @Test
  void encode_longValues_useGobMultiByteLengths() {
    String longIssuer = "https://" + "x".repeat(300);
    byte[] stream = GobKeyEncoder.encode(TokenCacheKey.builder(longIssuer, C).build(), null, null);
    // message length > 255: 0xfe then two bytes; issuer length 308 = 0x0134: fe 01 34.
    String message = HexFormat.of().formatHex(stream, 399, stream.length);
    assertThat(message).startsWith("fe01");
    assertThat(message).contains("ff820101fe0134");
  }

  @Test
  void toString_hidesSecret() {
    assertThat(TokenCacheKey.builder(I, C).clientSecret("s3cr3t").build().toString())
        .doesNotContain("s3cr3t");
  }
}
