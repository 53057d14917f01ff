package dev.kubelogin.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * The session cipher between two parties of our own; interoperability with GNOME Keyring (and, by
 * libsecret's {@code secret-tool}, with libsecret) is {@link KeyringTokenStoreTest}'s.
 */
class SecretServiceCipherTest {
  private static final byte[] RECORD =
      "{\"id_token\":\"a.b.c\",\"refresh_token\":\"r\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void bothSidesDeriveTheSameKeyAndNothingCrossesInClear() throws Exception {
    SecretServiceCipher us = new SecretServiceCipher();
    SecretServiceCipher service = new SecretServiceCipher();
    us.agree(service.publicKey());
    service.agree(us.publicKey());

    byte[][] first = us.encrypt(RECORD);
    byte[][] second = us.encrypt(RECORD);

    assertThat(us.publicKey()).hasSizeLessThanOrEqualTo(128);
    assertThat(new String(first[1], StandardCharsets.ISO_8859_1)).doesNotContain("id_token");
    assertThat(first[0]).hasSize(16).isNotEqualTo(second[0]);
    assertThat(first[1]).isNotEqualTo(second[1]);
    assertThat(service.decrypt(first[0], first[1])).isEqualTo(RECORD);
  }

  @Test
  void aThirdPartyCannotDecrypt() throws Exception {
    SecretServiceCipher us = new SecretServiceCipher();
    SecretServiceCipher service = new SecretServiceCipher();
    SecretServiceCipher other = new SecretServiceCipher();
    us.agree(service.publicKey());
    other.agree(service.publicKey());

    byte[][] sent = us.encrypt(RECORD);

    byte[] read;
    try {
      read = other.decrypt(sent[0], sent[1]);
    } catch (GeneralSecurityException e) {
      return; // bad padding: the usual outcome with the wrong key
    }
    assertThat(read).isNotEqualTo(RECORD);
  }
}
