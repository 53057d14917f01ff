package dev.kubelogin.core.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a second JVM by the tests: takes the lock of a key, says "locked", waits for a line on
 * stdin, releases, says "released".
 */
public final class LockHolder {
  public static void main(String[] args) throws Exception {
    FileTokenStore<String> store = FileTokenStore.create(Path.of(args[0]), FileTokenStoreTest.UTF8);
    try (TokenStore.Lock lock = store.lock(args[1], Duration.ofSeconds(30))) {
      System.out.println("locked");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    System.out.println("released");
    System.out.flush();
  }
}
