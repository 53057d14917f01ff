package dev.kubelogin.core.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import dev.kubelogin.core.KubeloginException;
import java.util.Optional;

/**
 * The Windows Credential Manager through JNA, with go-keyring's layout (danieljoos/wincred), so
 * that int128/kubelogin and we read each other's items: a generic credential whose target name is
 * {@code <service>:<account>}, user name the account, the value's bytes as the blob, persisted for
 * the local machine (this user's profile on it).
 *
 * <p>The Credential Manager holds at most {@value #MAX_BLOB} bytes per credential; a larger value
 * fails with a message saying so rather than being cut. The native library is loaded on the first
 * call, so building this class on another platform costs nothing.
 */
final class WindowsCredentials implements Keyring {
  /** CRED_MAX_CREDENTIAL_BLOB_SIZE. */
  static final int MAX_BLOB = 5 * 512;

  private static final int CRED_TYPE_GENERIC = 1;
  private static final int CRED_PERSIST_LOCAL_MACHINE = 2;
  private static final int ERROR_NOT_FOUND = 1168;
  private static final String DESCRIPTION = "the Windows Credential Manager";

  @Override
  public Optional<byte[]> read(String service, String account) {
    PointerByReference found = new PointerByReference();
    try {
      api().CredReadW(new WString(targetName(service, account)), CRED_TYPE_GENERIC, 0, found);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ERROR_NOT_FOUND) {
        return Optional.empty();
      }
      throw failed("read from", e);
    }
    try {
      Credential c = new Credential(found.getValue());
      return Optional.of(
          c.CredentialBlobSize == 0
              ? new byte[0]
              : c.CredentialBlob.getByteArray(0, c.CredentialBlobSize));
    } finally {
      api().CredFree(found.getValue());
    }
  }

  @Override
  public void write(String service, String account, String label, byte[] value) {
    checkSize(value);
    Credential c = new Credential();
    c.Type = CRED_TYPE_GENERIC;
    c.TargetName = new WString(targetName(service, account));
    c.UserName = new WString(account);
    c.Persist = CRED_PERSIST_LOCAL_MACHINE;
    Memory blob = new Memory(Math.max(1, value.length));
    blob.write(0, value, 0, value.length);
    c.CredentialBlob = blob;
    c.CredentialBlobSize = value.length;
    try {
      api().CredWriteW(c, 0);
    } catch (LastErrorException e) {
      throw failed("write to", e);
    } finally {
      blob.clear();
    }
  }

  @Override
  public void delete(String service, String account) {
    try {
      api().CredDeleteW(new WString(targetName(service, account)), CRED_TYPE_GENERIC, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != ERROR_NOT_FOUND) {
        throw failed("delete from", e);
      }
    }
  }

  @Override
  public int deleteAll(String service) {
    IntByReference count = new IntByReference();
    PointerByReference list = new PointerByReference();
    try {
      api().CredEnumerateW(new WString(targetName(service, "") + "*"), 0, count, list);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ERROR_NOT_FOUND) {
        return 0;
      }
      throw failed("list", e);
    }
    int deleted = 0;
    try {
      for (Pointer p : list.getValue().getPointerArray(0, count.getValue())) {
        Credential c = new Credential(p);
        if (c.Type == CRED_TYPE_GENERIC && c.TargetName.toString().startsWith(service + ":")) {
          try {
            api().CredDeleteW(c.TargetName, CRED_TYPE_GENERIC, 0);
            deleted++;
          } catch (LastErrorException e) {
            if (e.getErrorCode() != ERROR_NOT_FOUND) {
              throw failed("delete from", e);
            }
          }
        }
      }
    } finally {
      api().CredFree(list.getValue());
    }
    return deleted;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  /** go-keyring's target name. */
  static String targetName(String service, String account) {
    return service + ":" + account;
  }

  static void checkSize(byte[] value) {
    if (value.length > MAX_BLOB) {
      throw new KubeloginException(
          DESCRIPTION
              + " cannot take this token record: "
              + value.length
              + " bytes, and a credential holds at most "
              + MAX_BLOB
              + ". Large ID tokens (many groups) do not fit; use --token-cache-storage=disk");
    }
  }

  private static KubeloginException failed(String verb, LastErrorException e) {
    return new KubeloginException(
        "cannot " + verb + " " + DESCRIPTION + ": Windows error " + e.getErrorCode(), e);
  }

  private static volatile Advapi32 api;

  private static Advapi32 api() {
    Advapi32 a = api;
    if (a == null) {
      try {
        a = Native.load("Advapi32", Advapi32.class);
      } catch (LinkageError e) {
        throw new KubeloginException(
            DESCRIPTION
                + " cannot be reached ("
                + e.getMessage()
                + "); use --token-cache-storage=disk",
            e);
      }
      api = a;
    }
    return a;
  }

  /** The credential functions of advapi32.dll, wide-character forms. */
  interface Advapi32 extends StdCallLibrary {
    boolean CredReadW(WString target, int type, int flags, PointerByReference credential)
        throws LastErrorException;

    boolean CredWriteW(Credential credential, int flags) throws LastErrorException;

    boolean CredDeleteW(WString target, int type, int flags) throws LastErrorException;

    boolean CredEnumerateW(
        WString filter, int flags, IntByReference count, PointerByReference credentials)
        throws LastErrorException;

    void CredFree(Pointer buffer);
  }

  /** CREDENTIALW. */
  @Structure.FieldOrder({
    "Flags",
    "Type",
    "TargetName",
    "Comment",
    "LastWrittenLow",
    "LastWrittenHigh",
    "CredentialBlobSize",
    "CredentialBlob",
    "Persist",
    "AttributeCount",
    "Attributes",
    "TargetAlias",
    "UserName"
  })
  public static final class Credential extends Structure {
    public int Flags;
    public int Type;
    public WString TargetName;
    public WString Comment;
    public int LastWrittenLow;
    public int LastWrittenHigh;
    public int CredentialBlobSize;
    public Pointer CredentialBlob;
    public int Persist;
    public int AttributeCount;
    public Pointer Attributes;
    public WString TargetAlias;
    public WString UserName;

    public Credential() {
      super();
    }

    Credential(Pointer p) {
      super(p);
      read();
    }
  }
}
