package dev.kubelogin.oidc;

/** int128's {@code --grant-type}. */
public enum GrantType {
  /** {@code auto}: authorization code, or password when a username is given. */
  AUTO("auto"),
  /** {@code authcode}: authorization code with a loopback server and a browser. */
  AUTHCODE("authcode"),
  /** {@code authcode-keyboard}: authorization code pasted on the terminal. */
  AUTHCODE_KEYBOARD("authcode-keyboard"),
  /** {@code password}: resource owner password credentials. */
  PASSWORD("password"),
  /** {@code device-code}: RFC 8628 device authorization. */
  DEVICE_CODE("device-code"),
  /** {@code client-credentials}. */
  CLIENT_CREDENTIALS("client-credentials");

  private final String flag;

  GrantType(String flag) {
    this.flag = flag;
  }

  /** The flag value. */
  public String flag() {
    return flag;
  }

  static GrantType fromFlag(String value) {
    for (GrantType g : values()) {
      if (g.flag.equals(value)) {
        return g;
      }
    }
    return null;
  }
}
