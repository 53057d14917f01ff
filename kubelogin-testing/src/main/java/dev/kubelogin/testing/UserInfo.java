package dev.kubelogin.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a request authenticated as: the username, uid, groups and extra kube-apiserver would derive.
 * Immutable.
 */
public final class UserInfo {
  private final String username;
  private final String uid;
  private final List<String> groups;
  private final Map<String, List<String>> extra;

  /**
   * A user without uid or extra.
   *
   * @param username the username, prefixes applied
   * @param groups the groups, prefixes applied, without {@code system:authenticated}
   */
  public UserInfo(String username, List<String> groups) {
    this(username, "", groups, Map.of());
  }

  /**
   * @param username the username, prefixes applied
   * @param uid the uid, empty for none
   * @param groups the groups, prefixes applied, without {@code system:authenticated}
   * @param extra the extra attributes (kube-apiserver adds {@code
   *     authentication.kubernetes.io/credential-id} for a JWT with a {@code jti})
   */
  public UserInfo(
      String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    this.username = Objects.requireNonNull(username, "username");
    this.uid = Objects.requireNonNull(uid, "uid");
    this.groups = List.copyOf(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    extra.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.extra = java.util.Collections.unmodifiableMap(copy);
  }

  /** The username. */
  public String username() {
    return username;
  }

  /** The uid; empty when none was mapped. */
  public String uid() {
    return uid;
  }

  /** The groups, without {@code system:authenticated}. */
  public List<String> groups() {
    return groups;
  }

  /** The extra attributes, in the order they were mapped. */
  public Map<String, List<String>> extra() {
    return extra;
  }

  /**
   * The same user without extra attributes, for comparing with {@code new UserInfo(name, groups)}.
   */
  public UserInfo withoutExtra() {
    return new UserInfo(username, uid, groups, Map.of());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UserInfo)) {
      return false;
    }
    UserInfo u = (UserInfo) o;
    return username.equals(u.username)
        && uid.equals(u.uid)
        && groups.equals(u.groups)
        && extra.equals(u.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, uid, groups, extra);
  }

  @Override
  public String toString() {
    return "UserInfo{username="
        + username
        + (uid.isEmpty() ? "" : ", uid=" + uid)
        + ", groups="
        + groups
        + (extra.isEmpty() ? "" : ", extra=" + extra)
        + "}";
  }
}
