package dev.kubelogin.oidc.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TokenCacheKey} exactly as Go's {@code encoding/gob} writes int128/kubelogin's
 * v1.36 {@code tokencache.Key} with a fresh encoder: the constant type definitions, then the value
 * message. Maps are written in the order given, since Go's own order is random.
 */
final class GobKeyEncoder {
  /** The five type definitions gob sends first for the v1.36 key shape (399 bytes). */
  static final byte[] TYPE_DEFINITIONS =
      HexFormat.of()
          .parseHex(
              "5dff81030101034b657901ff82000104010850726f766964657201ff8400010f544c53436c69656e74436f6e"
                  + "66696701ff8a000108557365726e616d65010c00011641757468526571756573744578747261506172616d"
                  + "7301ff88000000ff99ff830301010850726f766964657201ff84000108010949737375657255524c010c00"
                  + "0108436c69656e744944010c00010c436c69656e74536563726574010c00010b457874726153636f706573"
                  + "01ff8600010b526564697265637455524c010c00010a504b43454d6574686f64010400010e557365416363"
                  + "657373546f6b656e010200010e526571756573744865616465727301ff8800000016ff85020101085b5d73"
                  + "7472696e6701ff8600010c000021ff87040101116d61705b737472696e675d737472696e6701ff8800010c"
                  + "010c00005cff8903010106436f6e66696701ff8a000104010e43414365727446696c656e616d6501ff8600"
                  + "010a4341436572744461746101ff8600010d536b6970544c53566572696679010200010d52656e65676f74"
                  + "696174696f6e0104000000");

  private static final int KEY_TYPE_ID = 65;

  private GobKeyEncoder() {}

  /**
   * The whole gob stream for {@code key}, with its maps in the given orders.
   *
   * @param requestHeaders the provider's request headers in the order to write, or null
   * @param extraParams the auth request extra params in the order to write, or null
   */
  static byte[] encode(
      TokenCacheKey key,
      List<Map.Entry<String, String>> requestHeaders,
      List<Map.Entry<String, String>> extraParams) {
    Out body = new Out();
    body.integer(KEY_TYPE_ID);
    // Key{Provider, TLSClientConfig, Username, AuthRequestExtraParams}
    Fields k = new Fields(body);
    k.field(0);
    provider(body, key, requestHeaders);
    k.field(1);
    config(body, key);
    if (!key.username().isEmpty()) {
      k.field(2);
      body.string(key.username());
    }
    if (extraParams != null) {
      k.field(3);
      map(body, extraParams);
    }
    body.end();

    Out message = new Out();
    message.unsigned(body.size());
    message.bytes(body.toByteArray());
    Out stream = new Out();
    stream.bytes(TYPE_DEFINITIONS);
    stream.bytes(message.toByteArray());
    return stream.toByteArray();
  }

  private static void provider(
      Out out, TokenCacheKey key, List<Map.Entry<String, String>> requestHeaders) {
    Fields f = new Fields(out);
    if (!key.issuerUrl().isEmpty()) {
      f.field(0);
      out.string(key.issuerUrl());
    }
    if (!key.clientId().isEmpty()) {
      f.field(1);
      out.string(key.clientId());
    }
    if (!key.clientSecret().isEmpty()) {
      f.field(2);
      out.string(key.clientSecret());
    }
    if (!key.extraScopes().isEmpty()) {
      f.field(3);
      strings(out, key.extraScopes());
    }
    if (!key.redirectUrl().isEmpty()) {
      f.field(4);
      out.string(key.redirectUrl());
    }
    if (key.pkceMethod().code() != 0) {
      f.field(5);
      out.integer(key.pkceMethod().code());
    }
    if (key.useAccessToken()) {
      f.field(6);
      out.unsigned(1);
    }
    if (requestHeaders != null) {
      f.field(7);
      map(out, requestHeaders);
    }
    out.end();
  }

  private static void config(Out out, TokenCacheKey key) {
    Fields f = new Fields(out);
    if (!key.caCertFilenames().isEmpty()) {
      f.field(0);
      strings(out, key.caCertFilenames());
    }
    if (!key.caCertData().isEmpty()) {
      f.field(1);
      strings(out, key.caCertData());
    }
    if (key.skipTlsVerify()) {
      f.field(2);
      out.unsigned(1);
    }
    if (key.renegotiation() != 0) {
      f.field(3);
      out.integer(key.renegotiation());
    }
    out.end();
  }

  private static void strings(Out out, List<String> values) {
    out.unsigned(values.size());
    values.forEach(out::string);
  }

  private static void map(Out out, List<Map.Entry<String, String>> entries) {
    out.unsigned(entries.size());
    for (Map.Entry<String, String> e : entries) {
      out.string(e.getKey());
      out.string(e.getValue());
    }
  }

  /** Field deltas of one struct: each field is preceded by its index minus the previous one. */
  private static final class Fields {
    private final Out out;
    private int previous = -1;

    Fields(Out out) {
      this.out = out;
    }

    void field(int index) {
      out.unsigned(index - previous);
      previous = index;
    }
  }

  private static final class Out extends ByteArrayOutputStream {
    void unsigned(long v) {
      if (v < 128) {
        write((int) v);
        return;
      }
      int n = (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
      write(256 - n);
      for (int i = n - 1; i >= 0; i--) {
        write((int) (v >>> (8 * i)) & 0xff);
      }
    }

    void integer(long i) {
      unsigned(i >= 0 ? i << 1 : (~i << 1) | 1);
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      unsigned(b.length);
      write(b, 0, b.length);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }

    void end() {
      write(0);
    }
  }
}
