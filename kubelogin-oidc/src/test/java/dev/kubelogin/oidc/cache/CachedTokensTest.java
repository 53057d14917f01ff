package dev.kubelogin.oidc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubelogin.core.store.FileTokenStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedTokensTest {

  @TempDir Path tmp;

  @Test
  void toJson_goFieldOrderNoNewline() {
    assertThat(new CachedTokens("eyJ.a.b", "r1").toJson())
        .isEqualTo("{\"id_token\":\"eyJ.a.b\",\"refresh_token\":\"r1\"}");
    assertThat(new CachedTokens("eyJ.a.b", "").toJson()).isEqualTo("{\"id_token\":\"eyJ.a.b\"}");
  }

  @Test
  void toJson_goEscaping() {
    assertThat(new CachedTokens("a<b>&c\"d\\e=f'g\u2028", null).toJson())
        .isEqualTo("{\"id_token\":\"a\\u003cb\\u003e\\u0026c\\\"d\\\\e=f'g\\u2028\"}");
  }

  @Test
  void parse_unknownFieldsIgnored_badRecordsRejected() {
    assertThat(CachedTokens.parse("{\"id_token\":\"t\",\"extra\":1}"))
        .isEqualTo(new CachedTokens("t", null));
    assertThatThrownBy(() -> CachedTokens.parse("{}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedTokens.parse("[1]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void store_writesGoBytesUnderKeyFileName_corruptIsMiss() throws Exception {
    FileTokenStore<CachedTokens> store = FileTokenStore.create(tmp, CachedTokens.CODEC);
    TokenCacheKey key = TokenCacheKey.builder("https://issuer.example.com", "kubernetes").build();

    store.store(key.fileName(), new CachedTokens("eyJ.a.b", "r1"));

    assertThat(
            Files.readString(
                tmp.resolve("14f4f0fa7b3a2d30e319d0334ca320029af986c472c335463edb8bf0aea00b3a"),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"id_token\":\"eyJ.a.b\",\"refresh_token\":\"r1\"}");
    Files.writeString(tmp.resolve(key.fileName()), "{truncated");
    assertThat(store.load(key.fileName())).isEmpty();
  }

  private static String jwt(String payloadJson) {
    java.util.Base64.Encoder e = java.util.Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + e.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".sig";
  }

  @Test
  void isValidAt_expWithSkew() {
    CachedTokens t = new CachedTokens(jwt("{\"sub\":\"a\",\"exp\":2000000000}"), null);
    java.time.Instant exp = java.time.Instant.ofEpochSecond(2_000_000_000L);
    assertThat(t.expiresAt()).contains(exp);
    assertThat(t.isValidAt(exp.minusSeconds(11))).isTrue();
    assertThat(t.isValidAt(exp.minusSeconds(10))).isFalse();
    assertThat(t.isValidAt(exp.plusSeconds(1))).isFalse();
  }

  @Test
  void isValidAt_notAJwtOrNoExp_neverValidNeverThrows() {
    for (String token :
        new String[] {
          "opaque", "a.b", jwt("{\"sub\":\"a\"}"), jwt("[1]"), "a.!!!.c", jwt("{\"exp\":\"soon\"}")
        }) {
      CachedTokens t = new CachedTokens(token, "r");
      assertThat(t.expiresAt()).as(token).isEmpty();
      assertThat(t.isValidAt(java.time.Instant.EPOCH)).isFalse();
    }
  }
}
