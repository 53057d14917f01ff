package dev.kubelogin.core.resolve;

import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.kubeconfig.AuthInfo;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code as}, {@code as-uid}, {@code as-groups} and {@code as-user-extra} of a kubeconfig user:
 * who the requests act as, sent with {@code Impersonate-*} headers. Immutable.
 */
public final class Impersonation {
  private final String user;
  private final String uid;
  private final List<String> groups;
  private final Map<String, List<String>> extra;

  Impersonation(String user, String uid, List<String> groups, Map<String, List<String>> extra) {
    this.user = user;
    this.uid = uid;
    this.groups = List.copyOf(groups);
    this.extra = Map.copyOf(extra);
  }

  /** {@code Impersonate-User}. */
  public String user() {
    return user;
  }

  /** {@code Impersonate-Uid}, if set. */
  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  /** {@code Impersonate-Group} values. */
  public List<String> groups() {
    return groups;
  }

  /** {@code Impersonate-Extra-<key>} values by key. */
  public Map<String, List<String>> extra() {
    return extra;
  }

  /**
   * The request headers that say all of this, as client-go sends them: {@code Impersonate-User},
   * {@code Impersonate-Uid}, one {@code Impersonate-Group} per group and {@code
   * Impersonate-Extra-<key>} per extra value, the key percent-encoded where a header name cannot
   * hold it. Iteration order is stable (extra keys sorted).
   */
  public Map<String, List<String>> headers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Impersonate-User", List.of(user));
    if (uid != null) {
      headers.put("Impersonate-Uid", List.of(uid));
    }
    if (!groups.isEmpty()) {
      headers.put("Impersonate-Group", groups);
    }
    new TreeMap<>(extra)
        .forEach((key, values) -> headers.put("Impersonate-Extra-" + headerKey(key), values));
    return Collections.unmodifiableMap(headers);
  }

  /** client-go's headerKeyEscape: token characters other than '%' stay, the rest is %XX. */
  static String headerKey(String key) {
    StringBuilder out = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean token =
          c < 0x80
              && c != '%'
              && (Character.isLetterOrDigit(c) || "!#$&'*+-.^_`|~".indexOf(c) >= 0);
      if (token) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "Impersonation{user=" + user + ", groups=" + groups + "}";
  }

  /**
   * The impersonation a user stanza asks for, or null when none.
   *
   * @throws InvalidConfigurationException for uid, groups or extra without a user to impersonate
   */
  static Impersonation fromStanza(String userName, AuthInfo user) {
    Optional<String> as = user.impersonate();
    boolean others =
        user.impersonateUid().isPresent()
            || !user.impersonateGroups().isEmpty()
            || !user.impersonateUserExtra().isEmpty();
    if (as.isEmpty()) {
      if (others) {
        throw new InvalidConfigurationException(
            "requesting uid, groups or user-extra for "
                + userName
                + " without impersonating a user");
      }
      return null;
    }
    return new Impersonation(
        as.get(),
        user.impersonateUid().orElse(null),
        user.impersonateGroups(),
        user.impersonateUserExtra());
  }
}
