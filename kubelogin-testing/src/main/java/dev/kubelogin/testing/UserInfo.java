package dev.kubelogin.testing;

import java.util.List;
import java.util.Objects;

/** Who a request authenticated as: the username and groups kube-apiserver would derive. */
public final class UserInfo {
  private final String username;
  private final List<String> groups;

  /**
   * @param username the username, prefixes applied
   * @param groups the groups, prefixes applied, without {@code system:authenticated}
   */
  public UserInfo(String username, List<String> groups) {
    this.username = Objects.requireNonNull(username, "username");
    this.groups = List.copyOf(groups);
  }

  /** The username. */
  public String username() {
    return username;
  }

  /** The groups, without {@code system:authenticated}. */
  public List<String> groups() {
    return groups;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserInfo
        && username.equals(((UserInfo) o).username)
        && groups.equals(((UserInfo) o).groups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, groups);
  }

  @Override
  public String toString() {
    return "UserInfo{username=" + username + ", groups=" + groups + "}";
  }
}
