package dev.kubelogin.core.net;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy for each request as Go's {@code http.ProxyFromEnvironment} chooses it, which the Go
 * tools and client-go use: {@code HTTPS_PROXY} for https URLs and {@code HTTP_PROXY} for http ones
 * (upper case first, then lower case); none for {@code localhost} and loopback addresses; none for
 * hosts {@code NO_PROXY} lists — {@code *}, IP addresses, CIDR ranges, and domain names, each with
 * an optional port ({@code example.com} is that name and its subdomains, {@code .example.com} and
 * {@code *.example.com} only the subdomains). A proxy without a scheme is {@code http://}; {@code
 * socks5://} gives a SOCKS proxy, which {@link java.net.http.HttpClient} does not support.
 *
 * <p>When the environment sets none of the six variables, {@link #of} answers the JVM's own proxy
 * selector instead (the {@code https.proxyHost} system properties), where a Go program would go
 * direct: a Java application's proxy settings keep working.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProxyFromEnvironment extends ProxySelector {
  private static final List<String> VARIABLES =
      List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy");

  private final Proxy httpsProxy;
  private final Proxy httpProxy;
  private final List<String> noProxy;

  private ProxyFromEnvironment(Map<String, String> env) {
    this.httpsProxy = proxy(first(env, "HTTPS_PROXY", "https_proxy"));
    this.httpProxy = proxy(first(env, "HTTP_PROXY", "http_proxy"));
    List<String> entries = new ArrayList<>();
    String list = first(env, "NO_PROXY", "no_proxy");
    if (list != null) {
      for (String entry : list.split(",")) {
        String e = entry.strip().toLowerCase(Locale.ROOT);
        if (!e.isEmpty()) {
          entries.add(e);
        }
      }
    }
    this.noProxy = List.copyOf(entries);
  }

  /**
   * The proxy selector for {@code environment}: Go's rules when it sets any of {@code HTTPS_PROXY},
   * {@code HTTP_PROXY}, {@code NO_PROXY} (either case), else the JVM's default selector (direct
   * when there is none).
   */
  public static ProxySelector of(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    if (VARIABLES.stream().anyMatch(environment::containsKey)) {
      return new ProxyFromEnvironment(environment);
    }
    ProxySelector jvm = ProxySelector.getDefault();
    return jvm != null ? jvm : new ProxyFromEnvironment(Map.of());
  }

  @Override
  public List<Proxy> select(URI uri) {
    Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
    if (proxy == null || uri.getHost() == null || !useProxy(uri)) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(proxy);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // Go does not fall back to a direct connection either
  }

  private boolean useProxy(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equals("localhost")) {
      return false;
    }
    InetAddress ip = literal(host);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
    for (String entry : noProxy) {
      if (entry.equals("*") || excludes(entry, host, ip, port)) {
        return false;
      }
    }
    return true;
  }

  private static boolean excludes(String entry, String host, InetAddress ip, int port) {
    int slash = entry.indexOf('/');
    if (slash > 0) {
      return ip != null && inRange(ip, entry.substring(0, slash), entry.substring(slash + 1));
    }
    String name = entry;
    String entryPort = "";
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon) { // host:port; IPv6 literals have several
      name = entry.substring(0, colon);
      entryPort = entry.substring(colon + 1);
    } else if (entry.startsWith("[") && entry.contains("]:")) {
      name = entry.substring(1, entry.indexOf("]:"));
      entryPort = entry.substring(entry.indexOf("]:") + 2);
    }
    if (!entryPort.isEmpty() && !entryPort.equals(Integer.toString(port))) {
      return false;
    }
    InetAddress entryIp = literal(name.replace("[", "").replace("]", ""));
    if (entryIp != null) {
      return entryIp.equals(ip);
    }
    if (name.startsWith("*.")) {
      name = name.substring(1);
    }
    if (name.startsWith(".")) {
      return host.endsWith(name);
    }
    return host.equals(name) || host.endsWith("." + name);
  }

  private static boolean inRange(InetAddress ip, String network, String bits) {
    InetAddress net = literal(network);
    int prefix;
    try {
      prefix = Integer.parseInt(bits);
    } catch (NumberFormatException e) {
      return false;
    }
    if (net == null || net.getAddress().length != ip.getAddress().length) {
      return false;
    }
    int total = ip.getAddress().length * 8;
    if (prefix < 0 || prefix > total) {
      return false;
    }
    BigInteger mask =
        BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE).shiftRight(prefix).not();
    BigInteger a = new BigInteger(1, ip.getAddress()).and(mask);
    BigInteger b = new BigInteger(1, net.getAddress()).and(mask);
    return a.equals(b);
  }

  /** {@code host} as an IP address when it is a literal one (no name lookup), else null. */
  private static InetAddress literal(String host) {
    boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private static Proxy proxy(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    URI p;
    try {
      p = URI.create(value.contains("://") ? value : "http://" + value);
    } catch (IllegalArgumentException e) {
      return null; // Go ignores a proxy it cannot parse
    }
    if (p.getHost() == null) {
      return null;
    }
    String scheme = p.getScheme().toLowerCase(Locale.ROOT);
    boolean socks = scheme.startsWith("socks5");
    int port = p.getPort() > 0 ? p.getPort() : socks ? 1080 : "https".equals(scheme) ? 443 : 80;
    return new Proxy(
        socks ? Proxy.Type.SOCKS : Proxy.Type.HTTP,
        InetSocketAddress.createUnresolved(p.getHost(), port));
  }

  private static String first(Map<String, String> env, String upper, String lower) {
    String v = env.get(upper);
    return v != null ? v : env.get(lower);
  }

  @Override
  public String toString() {
    return "ProxyFromEnvironment{https="
        + httpsProxy
        + ", http="
        + httpProxy
        + ", noProxy="
        + noProxy
        + "}";
  }
}
