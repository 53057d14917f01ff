package dev.kubelogin.core.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * A real Secret Service for tests: a private D-Bus session bus ({@code dbus-daemon}, with no
 * service activation) and GNOME Keyring's {@code gnome-keyring-daemon} on it, with a {@code login}
 * collection created and unlocked by a password on its standard input. Its keyrings live in a
 * temporary directory; the user's own keyring is never touched.
 *
 * <p>Tests that need it are skipped where the two programs are missing ({@code .ci/run} installs
 * them).
 */
public final class SecretServiceDaemon implements AutoCloseable {
  private static final Path DBUS_DAEMON = Path.of("/usr/bin/dbus-daemon");
  private static final Path GNOME_KEYRING = Path.of("/usr/bin/gnome-keyring-daemon");
  private static final long START_SECONDS = 120;

  private final Path directory;
  private final Process bus;
  private final Process keyring;
  private final String address;

  private SecretServiceDaemon(Path directory, Process bus, Process keyring, String address) {
    this.directory = directory;
    this.bus = bus;
    this.keyring = keyring;
    this.address = address;
  }

  /** Whether this machine has both programs. */
  public static boolean available() {
    return Files.isExecutable(DBUS_DAEMON) && Files.isExecutable(GNOME_KEYRING);
  }

  /** Starts both daemons and returns once the Secret Service owns its bus name. */
  public static SecretServiceDaemon start() throws Exception {
    assumeTrue(available(), "needs dbus-daemon and gnome-keyring-daemon");
    Path dir = Files.createTempDirectory("secret-service");
    Path config = dir.resolve("bus.conf");
    Files.writeString(
        config,
        "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\""
            + " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
            + "<busconfig><type>session</type><listen>unix:path="
            + dir.resolve("bus")
            + "</listen><auth>EXTERNAL</auth><policy context=\"default\"><allow"
            + " send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow"
            + " own=\"*\"/></policy></busconfig>\n");
    Process bus =
        new ProcessBuilder(
                DBUS_DAEMON.toString(), "--config-file=" + config, "--nofork", "--print-address=1")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String address;
    try {
      address =
          new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (address == null) {
        throw new IOException("dbus-daemon exited with " + bus.waitFor());
      }
    } catch (IOException | InterruptedException e) {
      bus.destroyForcibly();
      throw e;
    }
    CountDownLatch owned = new CountDownLatch(1);
    Process keyring;
    try (DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        AutoCloseable handler =
            c.addSigHandler(
                DBus.NameOwnerChanged.class,
                s -> {
                  if (s.name.equals(SecretServiceKeyring.BUS_NAME) && !s.newOwner.isEmpty()) {
                    owned.countDown();
                  }
                })) {
      Path runtime = Files.createDirectories(dir.resolve("run"));
      ProcessBuilder pb =
          new ProcessBuilder(
                  GNOME_KEYRING.toString(), "--foreground", "--unlock", "--components=secrets")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> env = pb.environment();
      env.put("DBUS_SESSION_BUS_ADDRESS", address);
      env.put("HOME", dir.toString());
      env.put("XDG_DATA_HOME", dir.resolve("data").toString());
      env.put("XDG_RUNTIME_DIR", runtime.toString());
      keyring = pb.start();
      try (OutputStream in = keyring.getOutputStream()) {
        in.write("test-keyring-password".getBytes(StandardCharsets.UTF_8));
      }
      if (!c.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class)
              .NameHasOwner(SecretServiceKeyring.BUS_NAME)
          && !owned.await(START_SECONDS, TimeUnit.SECONDS)) {
        keyring.destroyForcibly();
        throw new IllegalStateException("gnome-keyring-daemon did not start its Secret Service");
      }
    } catch (Exception e) {
      bus.destroyForcibly();
      throw e;
    }
    return new SecretServiceDaemon(dir, bus, keyring, address);
  }

  /** The D-Bus address of the private session bus. */
  public String address() {
    return address;
  }

  /** The environment a child process needs to use this Secret Service as its own. */
  public Map<String, String> environment() {
    return Map.of("DBUS_SESSION_BUS_ADDRESS", address);
  }

  /**
   * Runs libsecret's {@code secret-tool} against this Secret Service (an independent client that
   * finds items by attributes, as go-keyring does) and returns its output; skips the test where it
   * is missing, fails it when it exits non-zero.
   */
  public String secretTool(String stdin, String... args) throws Exception {
    Path tool = Path.of("/usr/bin/secret-tool");
    assumeTrue(Files.isExecutable(tool), "needs secret-tool (libsecret-tools)");
    List<String> argv = new ArrayList<>(List.of(tool.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(environment());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = p.waitFor();
    if (status != 0) {
      throw new IllegalStateException("secret-tool " + argv + " exited " + status + ": " + out);
    }
    return out;
  }

  /** Locks every collection, as a screen lock would; unlocking then needs a person. */
  public void lockAll() throws Exception {
    try (DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false).build()) {
      Locking service =
          c.getRemoteObject(
              SecretServiceKeyring.BUS_NAME, "/org/freedesktop/secrets", Locking.class, false);
      service.Lock(List.of(new DBusPath("/org/freedesktop/secrets/collection/login")));
    }
  }

  @Override
  public void close() {
    keyring.destroy();
    bus.destroy();
    try {
      keyring.waitFor();
      bus.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** org.freedesktop.Secret.Service's Lock. */
  @DBusInterfaceName("org.freedesktop.Secret.Service")
  public interface Locking extends DBusInterface {
    Locked Lock(List<DBusPath> objects);
  }

  /** Lock's (ao locked, o prompt). */
  public static final class Locked extends Tuple {
    @Position(0)
    public final List<DBusPath> locked;

    @Position(1)
    public final DBusPath prompt;

    public Locked(List<DBusPath> locked, DBusPath prompt) {
      this.locked = locked;
      this.prompt = prompt;
    }
  }
}
