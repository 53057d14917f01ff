package dev.kubelogin.core.store;

import dev.kubelogin.core.KubeloginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * The freedesktop.org Secret Service (GNOME Keyring, KWallet 5.97+, KeePassXC) over the D-Bus
 * session bus, with go-keyring's layout so that int128/kubelogin and we read each other's items:
 * the {@code login} collection (else the {@code default} alias), attributes {@code service} and
 * {@code username}, label {@code Password for '<account>' on '<service>'}, content type {@code
 * text/plain; charset=utf-8}. Secrets cross the bus encrypted ({@link SecretServiceCipher}), as
 * libsecret sends them.
 *
 * <p>A locked collection is unlocked when the Secret Service can do so without asking; when it
 * needs a person (a prompt), the call fails with a message saying to unlock the keyring. Each call
 * opens its own connection and closes it.
 */
final class SecretServiceKeyring implements Keyring {
  static final String BUS_NAME = "org.freedesktop.secrets";
  private static final String SERVICE_PATH = "/org/freedesktop/secrets";
  private static final String LOGIN = "/org/freedesktop/secrets/collection/login";
  private static final String DEFAULT_ALIAS = "/org/freedesktop/secrets/aliases/default";
  private static final String NO_PROMPT = "/";
  private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
  private static final String DESCRIPTION = "the Secret Service";

  private final String address;
  private final String missing;

  private SecretServiceKeyring(String address, String missing) {
    this.address = address;
    this.missing = missing;
  }

  /** The Secret Service on the bus at {@code address} (a D-Bus address such as unix:path=…). */
  static SecretServiceKeyring at(String address) {
    return new SecretServiceKeyring(address, null);
  }

  /**
   * The Secret Service on this user's session bus: {@code DBUS_SESSION_BUS_ADDRESS}, else the
   * systemd user bus at {@code $XDG_RUNTIME_DIR/bus}.
   */
  static SecretServiceKeyring sessionBus(Map<String, String> environment) {
    String address = environment.get("DBUS_SESSION_BUS_ADDRESS");
    if (address != null && !address.isBlank()) {
      return at(address);
    }
    String runtime = environment.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      Path bus = Path.of(runtime, "bus");
      if (Files.exists(bus)) {
        return at("unix:path=" + bus);
      }
    }
    return new SecretServiceKeyring(
        null,
        "keyring storage needs the Secret Service (GNOME Keyring, KWallet or KeePassXC) on a D-Bus"
            + " session bus, and this process has none (DBUS_SESSION_BUS_ADDRESS is not set and"
            + " there is no $XDG_RUNTIME_DIR/bus). Run it inside a desktop session, start one with"
            + " dbus-run-session and gnome-keyring-daemon --unlock, or use"
            + " --token-cache-storage=disk");
  }

  @Override
  public Optional<byte[]> read(String service, String account) {
    return call(
        s -> {
          Optional<DBusPath> item = find(s, Map.of("service", service, "username", account));
          if (item.isEmpty()) {
            return Optional.empty();
          }
          unlock(s, item.get(), "read");
          OpenSession session = openSession(s);
          try {
            Map<DBusPath, SecretValue> secrets =
                s.api.GetSecrets(List.of(item.get()), session.path);
            SecretValue v = secrets.get(item.get());
            return v == null
                ? Optional.empty()
                : Optional.of(session.cipher.decrypt(v.parameters, v.value));
          } catch (GeneralSecurityException e) {
            throw new KubeloginException(
                DESCRIPTION + " sent a secret that cannot be decrypted (" + e + ")", e);
          } finally {
            closeSession(s, session.path);
          }
        });
  }

  @Override
  public void write(String service, String account, String label, byte[] value) {
    call(
        s -> {
          DBusPath collection = collection(s);
          unlock(s, collection, "write to");
          OpenSession session = openSession(s);
          try {
            byte[][] encrypted = session.cipher.encrypt(value);
            Map<String, Variant<?>> properties = new HashMap<>();
            properties.put("org.freedesktop.Secret.Item.Label", new Variant<>(label));
            properties.put(
                "org.freedesktop.Secret.Item.Attributes",
                new Variant<>(Map.of("service", service, "username", account), "a{ss}"));
            CollectionApi c = s.remote(collection, CollectionApi.class);
            PathAndPrompt created =
                c.CreateItem(
                    properties,
                    new SecretValue(session.path, encrypted[0], encrypted[1], CONTENT_TYPE),
                    true);
            if (!NO_PROMPT.equals(created.prompt.getPath())) {
              throw locked("write to");
            }
            return null;
          } catch (GeneralSecurityException e) {
            throw new KubeloginException("cannot encrypt for " + DESCRIPTION + " (" + e + ")", e);
          } finally {
            closeSession(s, session.path);
          }
        });
  }

  @Override
  public void delete(String service, String account) {
    call(
        s -> {
          for (DBusPath item : search(s, Map.of("service", service, "username", account))) {
            deleteItem(s, item);
          }
          return null;
        });
  }

  @Override
  public int deleteAll(String service) {
    return call(
        s -> {
          List<DBusPath> items = search(s, Map.of("service", service));
          for (DBusPath item : items) {
            deleteItem(s, item);
          }
          return items.size();
        });
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  private Optional<DBusPath> find(Session s, Map<String, String> attributes) {
    return search(s, attributes).stream().findFirst();
  }

  /** Items of the collection go-keyring writes to, locked or not. */
  private List<DBusPath> search(Session s, Map<String, String> attributes) {
    CollectionApi c = s.remote(collection(s), CollectionApi.class);
    return c.SearchItems(attributes);
  }

  private void deleteItem(Session s, DBusPath item) {
    unlock(s, item, "delete from");
    DBusPath prompt = s.remote(item, ItemApi.class).Delete();
    if (!NO_PROMPT.equals(prompt.getPath())) {
      throw locked("delete from");
    }
  }

  /** go-keyring's choice: the {@code login} collection when it exists, else the default alias. */
  private DBusPath collection(Session s) {
    Properties p = s.remote(new DBusPath(SERVICE_PATH), Properties.class);
    List<DBusPath> all = p.Get("org.freedesktop.Secret.Service", "Collections");
    for (DBusPath c : all) {
      if (LOGIN.equals(c.getPath())) {
        return c;
      }
    }
    return new DBusPath(DEFAULT_ALIAS);
  }

  private void unlock(Session s, DBusPath object, String verb) {
    PathsAndPrompt r = s.api.Unlock(List.of(object));
    if (!NO_PROMPT.equals(r.prompt.getPath())) {
      throw locked(verb);
    }
  }

  /** An encrypted session ({@link SecretServiceCipher}): no secret crosses the bus in clear. */
  private static OpenSession openSession(Session s) {
    SecretServiceCipher cipher = new SecretServiceCipher();
    SessionOpened opened =
        s.api.OpenSession(SecretServiceCipher.ALGORITHM, new Variant<>(cipher.publicKey()));
    try {
      Object output = opened.output.getValue();
      byte[] serviceKey;
      if (output instanceof byte[] b) {
        serviceKey = b;
      } else if (output instanceof List<?> l) {
        serviceKey = new byte[l.size()];
        for (int i = 0; i < serviceKey.length; i++) {
          serviceKey[i] = (Byte) l.get(i);
        }
      } else {
        throw new GeneralSecurityException("unexpected public key " + opened.output.getSig());
      }
      cipher.agree(serviceKey);
    } catch (GeneralSecurityException | ClassCastException e) {
      closeSession(s, opened.session);
      throw new KubeloginException(
          DESCRIPTION + " did not agree on an encrypted session (" + e.getMessage() + ")", e);
    }
    return new OpenSession(opened.session, cipher);
  }

  private record OpenSession(DBusPath path, SecretServiceCipher cipher) {}

  private static void closeSession(Session s, DBusPath session) {
    try {
      s.remote(session, SessionApi.class).Close();
    } catch (DBusExecutionException e) {
      // The session ends with the connection anyway.
    }
  }

  private KubeloginException locked(String verb) {
    return new KubeloginException(
        "cannot "
            + verb
            + " "
            + DESCRIPTION
            + ": the keyring is locked and unlocking it needs a person. Unlock it (log in to the"
            + " desktop, or run gnome-keyring-daemon --unlock) and try again, or use"
            + " --token-cache-storage=disk");
  }

  private interface Action<R> {
    R run(Session s);
  }

  private <R> R call(Action<R> action) {
    if (address == null) {
      throw new KubeloginException(missing);
    }
    DBusConnection connection;
    try {
      connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
    } catch (DBusException | RuntimeException e) {
      throw new KubeloginException(
          "keyring storage needs the Secret Service, but the D-Bus session bus at "
              + address
              + " does not answer ("
              + e.getMessage()
              + "); use --token-cache-storage=disk",
          e);
    }
    try {
      return action.run(new Session(connection));
    } catch (DBusExecutionException e) {
      String type = e.getType() == null ? e.getClass().getSimpleName() : e.getType();
      if (type.endsWith("ServiceUnknown") || type.endsWith("NameHasNoOwner")) {
        throw new KubeloginException(
            "keyring storage needs the Secret Service, and nothing on the D-Bus session bus"
                + " provides "
                + BUS_NAME
                + ". Start GNOME Keyring (gnome-keyring-daemon --components=secrets), KWallet or"
                + " KeePassXC's Secret Service integration, or use --token-cache-storage=disk",
            e);
      }
      throw new KubeloginException(DESCRIPTION + " refused the request: " + type, e);
    } finally {
      try {
        connection.close();
      } catch (IOException e) {
        // Nothing left to do with a connection that fails to close.
      }
    }
  }

  /** One connection and the service object on it. */
  private static final class Session {
    final DBusConnection connection;
    final ServiceApi api;

    Session(DBusConnection connection) {
      this.connection = connection;
      this.api = remote(connection, new DBusPath(SERVICE_PATH), ServiceApi.class);
    }

    <I extends DBusInterface> I remote(DBusPath path, Class<I> type) {
      return remote(connection, path, type);
    }

    private static <I extends DBusInterface> I remote(
        DBusConnection connection, DBusPath path, Class<I> type) {
      try {
        return connection.getRemoteObject(BUS_NAME, path.getPath(), type, false);
      } catch (DBusException e) {
        throw new KubeloginException(DESCRIPTION + " cannot be reached: " + e.getMessage(), e);
      }
    }
  }

  // The Secret Service API (https://specifications.freedesktop.org/secret-service-spec/), the
  // part go-keyring uses. Names follow D-Bus, hence the capitals.

  /** org.freedesktop.Secret.Service. */
  @DBusInterfaceName("org.freedesktop.Secret.Service")
  public interface ServiceApi extends DBusInterface {
    SessionOpened OpenSession(String algorithm, Variant<?> input);

    PathsAndPrompt Unlock(List<DBusPath> objects);

    Map<DBusPath, SecretValue> GetSecrets(List<DBusPath> items, DBusPath session);
  }

  /** org.freedesktop.Secret.Collection. */
  @DBusInterfaceName("org.freedesktop.Secret.Collection")
  public interface CollectionApi extends DBusInterface {
    List<DBusPath> SearchItems(Map<String, String> attributes);

    PathAndPrompt CreateItem(
        Map<String, Variant<?>> properties, SecretValue secret, boolean replace);
  }

  /** org.freedesktop.Secret.Item. */
  @DBusInterfaceName("org.freedesktop.Secret.Item")
  public interface ItemApi extends DBusInterface {
    DBusPath Delete();
  }

  /** org.freedesktop.Secret.Session. */
  @DBusInterfaceName("org.freedesktop.Secret.Session")
  public interface SessionApi extends DBusInterface {
    void Close();
  }

  /** OpenSession's (v output, o result). */
  public static final class SessionOpened extends Tuple {
    @Position(0)
    public final Variant<?> output;

    @Position(1)
    public final DBusPath session;

    public SessionOpened(Variant<?> output, DBusPath session) {
      this.output = output;
      this.session = session;
    }
  }

  /** Unlock's (ao unlocked, o prompt). */
  public static final class PathsAndPrompt extends Tuple {
    @Position(0)
    public final List<DBusPath> unlocked;

    @Position(1)
    public final DBusPath prompt;

    public PathsAndPrompt(List<DBusPath> unlocked, DBusPath prompt) {
      this.unlocked = unlocked;
      this.prompt = prompt;
    }
  }

  /** CreateItem's (o item, o prompt). */
  public static final class PathAndPrompt extends Tuple {
    @Position(0)
    public final DBusPath item;

    @Position(1)
    public final DBusPath prompt;

    public PathAndPrompt(DBusPath item, DBusPath prompt) {
      this.item = item;
      this.prompt = prompt;
    }
  }

  /** The Secret struct (o session, ay parameters, ay value, s content_type). */
  public static final class SecretValue extends Struct {
    @Position(0)
    public final DBusPath session;

    @Position(1)
    public final byte[] parameters;

    @Position(2)
    public final byte[] value;

    @Position(3)
    public final String contentType;

    public SecretValue(DBusPath session, byte[] parameters, byte[] value, String contentType) {
      this.session = session;
      this.parameters = parameters;
      this.value = value;
      this.contentType = contentType;
    }
  }
}
