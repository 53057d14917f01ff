package dev.kubelogin.core.resolve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  @Override
  public String toString() {
    return "Impersonation{user=" + user + ", groups=" + groups + "}";
  }
}
