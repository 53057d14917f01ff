package dev.kubelogin.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's http.ProxyFromEnvironment, rule by rule (golang.org/x/net/http/httpproxy). */
class ProxyFromEnvironmentTest {
  private static final Proxy CORP =
      new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));

  private static Proxy select(Map<String, String> env, String url) {
    return ProxyFromEnvironment.of(env).select(URI.create(url)).get(0);
  }

  @Test
  void schemeChoosesTheVariable_upperCaseFirst() {
    Map<String, String> env =
        Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "https_proxy", "http://other:1");

    assertThat(select(env, "https://idp.example.com/x")).isEqualTo(CORP);
    assertThat(select(env, "http://idp.example.com/x")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(Map.of("http_proxy", "p:8080"), "http://idp.example.com/x"))
        .isEqualTo(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 8080)));
  }

  @Test
  void localhostAndLoopback_neverProxied() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "proxy.corp:3128");

    assertThat(select(env, "https://localhost:8443/x")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://127.0.0.7/x")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://[::1]:9/x")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://10.0.0.1/x")).isEqualTo(CORP);
  }

  @Test
  void noProxy_namesSubdomainsIpsCidrsPortsAndStar() {
    Map<String, String> env =
        Map.of(
            "HTTPS_PROXY",
            "proxy.corp:3128",
            "NO_PROXY",
            " example.com, .internal ,*.svc, 10.1.2.3, 192.168.0.0/16, fd00::/8, only.port:8443");

    assertThat(select(env, "https://example.com/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://login.example.com/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://notexample.com/")).isEqualTo(CORP);
    assertThat(select(env, "https://a.internal/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://internal/")).isEqualTo(CORP); // a leading dot: subdomains
    assertThat(select(env, "https://api.svc/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://svc/")).isEqualTo(CORP);
    assertThat(select(env, "https://10.1.2.3/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://10.1.2.4/")).isEqualTo(CORP);
    assertThat(select(env, "https://192.168.77.1/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://[fd12::1]/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://only.port:8443/")).isEqualTo(Proxy.NO_PROXY);
    assertThat(select(env, "https://only.port/")).isEqualTo(CORP);
    assertThat(select(Map.of("HTTPS_PROXY", "p:1", "no_proxy", "*"), "https://any.where/"))
        .isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void proxyUrls_defaultPortsSocksAndGarbage() {
    assertThat(select(Map.of("HTTPS_PROXY", "http://p"), "https://h/"))
        .isEqualTo(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 80)));
    assertThat(select(Map.of("HTTPS_PROXY", "socks5://s"), "https://h/"))
        .isEqualTo(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("s", 1080)));
    assertThat(select(Map.of("HTTPS_PROXY", "http://[bad"), "https://h/"))
        .isEqualTo(Proxy.NO_PROXY);
    assertThat(select(Map.of("HTTPS_PROXY", ""), "https://h/")).isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void noVariableSet_theJvmsSelector() {
    assertThat(ProxyFromEnvironment.of(Map.of())).isSameAs(ProxySelector.getDefault());
    assertThat(ProxyFromEnvironment.of(Map.of("NO_PROXY", "x")))
        .isInstanceOf(ProxyFromEnvironment.class);
  }
}
