package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.util.Optional;

/** A keyring this platform lacks: every call fails with the same explanation. */
final class UnavailableKeyring implements Keyring {
  private final String description;
  private final String why;

  UnavailableKeyring(String description, String why) {
    this.description = description;
    this.why = why;
  }

  @Override
  public Optional<byte[]> read(String service, String account) {
    throw new KubeloginException(why);
  }

  @Override
  public void write(String service, String account, String label, byte[] value) {
    throw new KubeloginException(why);
  }

  @Override
  public void delete(String service, String account) {
    throw new KubeloginException(why);
  }

  @Override
  public int deleteAll(String service) {
    throw new KubeloginException(why);
  }

  @Override
  public String description() {
    return description;
  }
}
