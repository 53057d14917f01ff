package dev.kubelogin.core.kubeconfig;

import dev.kubelogin.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig v1 schema as client-go decodes it: field names, their Go types, and the errors
 * Go's JSON decoder gives when a value has the wrong type. Unknown fields are allowed.
 */
final class KubeconfigSchema {

  enum Kind {
    STRING,
    BOOL,
    BYTES,
    STRING_LIST,
    STRING_MAP,
    STRING_LIST_MAP,
    ANY,
    STRUCT,
    STRUCT_LIST
  }

  static final class Field {
    final String name;
    final Kind kind;
    final String goType;
    final Struct struct;

    Field(String name, Kind kind, String goType, Struct struct) {
      this.name = name;
      this.kind = kind;
      this.goType = goType;
      this.struct = struct;
    }
  }

  static final class Struct {
    final String goName;
    final Map<String, Field> fields = new LinkedHashMap<>();

    Struct(String goName) {
      this.goName = goName;
    }

    Struct field(String name, Kind kind, String goType) {
      fields.put(name, new Field(name, kind, goType, null));
      return this;
    }

    Struct struct(String name, Kind kind, String goType, Struct struct) {
      fields.put(name, new Field(name, kind, goType, struct));
      return this;
    }
  }

  static final Struct NAMED_EXTENSION =
      new Struct("NamedExtension")
          .field("name", Kind.STRING, "string")
          .field("extension", Kind.ANY, "runtime.RawExtension");
  static final Struct CLUSTER =
      new Struct("Cluster")
          .field("server", Kind.STRING, "string")
          .field("tls-server-name", Kind.STRING, "string")
          .field("insecure-skip-tls-verify", Kind.BOOL, "bool")
          .field("certificate-authority", Kind.STRING, "string")
          .field("certificate-authority-data", Kind.BYTES, "[]uint8")
          .field("proxy-url", Kind.STRING, "string")
          .field("disable-compression", Kind.BOOL, "bool")
          .struct("extensions", Kind.STRUCT_LIST, "[]v1.NamedExtension", NAMED_EXTENSION);
  static final Struct EXEC_ENV_VAR =
      new Struct("ExecEnvVar")
          .field("name", Kind.STRING, "string")
          .field("value", Kind.STRING, "string");
  static final Struct EXEC_CONFIG =
      new Struct("ExecConfig")
          .field("command", Kind.STRING, "string")
          .field("args", Kind.STRING_LIST, "[]string")
          .struct("env", Kind.STRUCT_LIST, "[]v1.ExecEnvVar", EXEC_ENV_VAR)
          .field("apiVersion", Kind.STRING, "string")
          .field("installHint", Kind.STRING, "string")
          .field("provideClusterInfo", Kind.BOOL, "bool")
          .field("interactiveMode", Kind.STRING, "v1.ExecInteractiveMode");
  static final Struct AUTH_PROVIDER =
      new Struct("AuthProviderConfig")
          .field("name", Kind.STRING, "string")
          .field("config", Kind.STRING_MAP, "map[string]string");
  static final Struct AUTH_INFO =
      new Struct("AuthInfo")
          .field("client-certificate", Kind.STRING, "string")
          .field("client-certificate-data", Kind.BYTES, "[]uint8")
          .field("client-key", Kind.STRING, "string")
          .field("client-key-data", Kind.BYTES, "[]uint8")
          .field("token", Kind.STRING, "string")
          .field("tokenFile", Kind.STRING, "string")
          .field("as", Kind.STRING, "string")
          .field("as-uid", Kind.STRING, "string")
          .field("as-groups", Kind.STRING_LIST, "[]string")
          .field("as-user-extra", Kind.STRING_LIST_MAP, "map[string][]string")
          .field("username", Kind.STRING, "string")
          .field("password", Kind.STRING, "string")
          .struct("auth-provider", Kind.STRUCT, "v1.AuthProviderConfig", AUTH_PROVIDER)
          .struct("exec", Kind.STRUCT, "v1.ExecConfig", EXEC_CONFIG)
          .struct("extensions", Kind.STRUCT_LIST, "[]v1.NamedExtension", NAMED_EXTENSION);
  static final Struct CONTEXT =
      new Struct("Context")
          .field("cluster", Kind.STRING, "string")
          .field("user", Kind.STRING, "string")
          .field("namespace", Kind.STRING, "string")
          .struct("extensions", Kind.STRUCT_LIST, "[]v1.NamedExtension", NAMED_EXTENSION);
  static final Struct NAMED_CLUSTER =
      new Struct("NamedCluster")
          .field("name", Kind.STRING, "string")
          .struct("cluster", Kind.STRUCT, "v1.Cluster", CLUSTER);
  static final Struct NAMED_AUTH_INFO =
      new Struct("NamedAuthInfo")
          .field("name", Kind.STRING, "string")
          .struct("user", Kind.STRUCT, "v1.AuthInfo", AUTH_INFO);
  static final Struct NAMED_CONTEXT =
      new Struct("NamedContext")
          .field("name", Kind.STRING, "string")
          .struct("context", Kind.STRUCT, "v1.Context", CONTEXT);
  static final Struct PREFERENCES =
      new Struct("Preferences")
          .field("colors", Kind.BOOL, "bool")
          .struct("extensions", Kind.STRUCT_LIST, "[]v1.NamedExtension", NAMED_EXTENSION);
  static final Struct CONFIG =
      new Struct("Config")
          .field("kind", Kind.STRING, "string")
          .field("apiVersion", Kind.STRING, "string")
          .struct("preferences", Kind.STRUCT, "v1.Preferences", PREFERENCES)
          .struct("clusters", Kind.STRUCT_LIST, "[]v1.NamedCluster", NAMED_CLUSTER)
          .struct("users", Kind.STRUCT_LIST, "[]v1.NamedAuthInfo", NAMED_AUTH_INFO)
          .struct("contexts", Kind.STRUCT_LIST, "[]v1.NamedContext", NAMED_CONTEXT)
          .field("current-context", Kind.STRING, "string")
          .struct("extensions", Kind.STRUCT_LIST, "[]v1.NamedExtension", NAMED_EXTENSION);

  /** A value of the wrong type, with the YAML path where it was found. */
  static final class SchemaError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    SchemaError(String message, String path) {
      super(message);
      this.path = path;
    }
  }

  private KubeconfigSchema() {}

  /**
   * Checks {@code value} against {@code struct} the way Go's decoder would.
   *
   * @param yamlPath the path in the YAML tree ({@code users[0].user}), for line numbers
   * @param goPath the Go error path ({@code users.user})
   * @throws SchemaError on the first value of the wrong type
   */
  @SuppressWarnings("unchecked")
  static void check(Object value, Struct struct, String yamlPath, String goPath) {
    if (value == null) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Field f = struct.fields.get(e.getKey());
      if (f == null) {
        continue;
      }
      String y = yamlPath.isEmpty() ? f.name : yamlPath + "." + f.name;
      String g = goPath.isEmpty() ? f.name : goPath + "." + f.name;
      checkField(e.getValue(), f, struct, y, g);
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkField(Object v, Field f, Struct owner, String y, String g) {
    if (v == null) {
      return;
    }
    switch (f.kind) {
      case STRING:
        expect(v instanceof String, v, owner, g, "string", y);
        break;
      case BOOL:
        expect(v instanceof Boolean, v, owner, g, "bool", y);
        break;
      case BYTES:
        expect(v instanceof String, v, owner, g, "[]uint8", y);
        int bad = invalidBase64At((String) v);
        if (bad >= 0) {
          throw new SchemaError("illegal base64 data at input byte " + bad, y);
        }
        break;
      case STRING_LIST:
        expect(v instanceof List, v, owner, g, f.goType, y);
        List<Object> items = (List<Object>) v;
        for (int i = 0; i < items.size(); i++) {
          Object item = items.get(i);
          expect(
              item == null || item instanceof String, item, owner, g, "string", y + "[" + i + "]");
        }
        break;
      case STRING_MAP:
        expect(v instanceof Map, v, owner, g, f.goType, y);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
          Object item = e.getValue();
          expect(
              item == null || item instanceof String,
              item,
              owner,
              g + "." + e.getKey(),
              "string",
              y + "." + e.getKey());
        }
        break;
      case STRING_LIST_MAP:
        expect(v instanceof Map, v, owner, g, f.goType, y);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
          Object list = e.getValue();
          String ey = y + "." + e.getKey();
          expect(
              list == null || list instanceof List,
              list,
              owner,
              g + "." + e.getKey(),
              "[]string",
              ey);
          if (list != null) {
            for (Object item : (List<Object>) list) {
              expect(
                  item == null || item instanceof String,
                  item,
                  owner,
                  g + "." + e.getKey(),
                  "string",
                  ey);
            }
          }
        }
        break;
      case STRUCT:
        expect(v instanceof Map, v, owner, g, f.goType, y);
        check(v, f.struct, y, g);
        break;
      case STRUCT_LIST:
        expect(v instanceof List, v, owner, g, f.goType, y);
        List<Object> elements = (List<Object>) v;
        for (int i = 0; i < elements.size(); i++) {
          Object element = elements.get(i);
          String ey = y + "[" + i + "]";
          expect(
              element == null || element instanceof Map,
              element,
              owner,
              g,
              f.goType.substring(2),
              ey);
          check(element, f.struct, ey, g);
        }
        break;
      case ANY:
      default:
        break;
    }
  }

  private static void expect(
      boolean ok, Object v, Struct owner, String goPath, String goType, String yamlPath) {
    if (!ok) {
      throw new SchemaError(
          "json: cannot unmarshal "
              + Json.goKind(v)
              + " into Go struct field "
              + owner.goName
              + "."
              + goPath
              + " of type "
              + goType,
          yamlPath);
    }
  }

  /** The index of the first byte Go's standard base64 decoder rejects, or -1. */
  static int invalidBase64At(String s) {
    String stripped = s.replace("\r", "").replace("\n", "");
    int pad = 0;
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      boolean alphabet =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '+'
              || c == '/';
      if (c == '=') {
        pad++;
        continue;
      }
      if (!alphabet || pad > 0) {
        return i;
      }
    }
    if (stripped.length() % 4 != 0) {
      return stripped.length() - stripped.length() % 4;
    }
    return -1;
  }
}
