package dev.kubelogin.oidc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;

/**
 * A Keycloak distribution started in dev mode on free loopback ports, HTTP and HTTPS (a self-signed
 * certificate generated at start), with this module's test realm imported into an in-memory
 * database. Ready once Keycloak prints its "Listening on" line.
 */
final class KeycloakServer implements AutoCloseable {
  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private final Process process;
  private final int port;
  private final int httpsPort;
  private final HeldCertificate certificate;
  private final HeldCertificate clientCa;
  private final List<String> log = new ArrayList<>();

  private KeycloakServer(
      Process process,
      int port,
      int httpsPort,
      HeldCertificate certificate,
      HeldCertificate clientCa) {
    this.process = process;
    this.port = port;
    this.httpsPort = httpsPort;
    this.certificate = certificate;
    this.clientCa = clientCa;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static KeycloakServer start(Path home) throws IOException {
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    try (InputStream realm =
        KeycloakServer.class.getResourceAsStream("/keycloak/kubelogin-realm.json")) {
      Files.copy(
          realm, imports.resolve("kubelogin-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    int port = freePort();
    int httpsPort = freePort();
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .duration(2, TimeUnit.DAYS)
            .rsa2048()
            .build();
    Path cert = Files.writeString(home.resolve("kubelogin-tls.crt"), certificate.certificatePem());
    Path key =
        Files.writeString(home.resolve("kubelogin-tls.key"), certificate.privateKeyPkcs8Pem());
    // The CA of the clients that authenticate with TLS certificates (RFC 8705).
    HeldCertificate clientCa =
        new HeldCertificate.Builder()
            .commonName("kubelogin test client CA")
            .certificateAuthority(0)
            .duration(2, TimeUnit.DAYS)
            .rsa2048()
            .build();
    Path clientCaFile =
        Files.writeString(home.resolve("kubelogin-client-ca.pem"), clientCa.certificatePem());
    Path kc = home.resolve("bin/kc.sh");
    kc.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(
                kc.toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                // URLs, and so the issuer, follow the request: http://localhost:<port> or
                // https://localhost:<httpsPort>
                "--hostname-strict=false",
                "--https-port=" + httpsPort,
                "--https-certificate-file=" + cert,
                "--https-certificate-key-file=" + key,
                "--https-client-auth=request",
                "--https-trust-store-file=" + clientCaFile,
                "--db=dev-mem",
                "--import-realm")
            .redirectErrorStream(true);
    // Keycloak asks for JDK 21+; use the JDK 25 beside the default one when there is one.
    pb.environment()
        .put(
            "JAVA_HOME",
            Files.isDirectory(JDK_25) ? JDK_25.toString() : System.getProperty("java.home"));
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    KeycloakServer server = new KeycloakServer(pb.start(), port, httpsPort, certificate, clientCa);
    server.awaitListening();
    return server;
  }

  private void awaitListening() throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      log.add(line);
      if (line.contains("Listening on:")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe empty so Keycloak never blocks on its log
                    }
                  } catch (IOException e) {
                    // the process ended
                  }
                },
                "keycloak-log");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IOException("Keycloak exited before listening:\n" + String.join("\n", log));
  }

  /** The realm's issuer over plain HTTP, as Keycloak puts it in tokens asked for there. */
  String issuer() {
    return "http://localhost:" + port + "/realms/kubelogin";
  }

  /** The realm's issuer over HTTPS (as an AuthenticationConfiguration requires). */
  String httpsIssuer() {
    return "https://localhost:" + httpsPort + "/realms/kubelogin";
  }

  /** A client certificate for {@code commonName} that the HTTPS port accepts in mTLS. */
  HeldCertificate clientCertificate(String commonName) {
    return new HeldCertificate.Builder()
        .commonName(commonName)
        .signedBy(clientCa)
        .duration(1, TimeUnit.DAYS)
        .rsa2048()
        .build();
  }

  /**
   * Adds a client to the test realm through the admin REST API, as {@code representation} (a
   * ClientRepresentation in JSON) describes it.
   */
  void createClient(String representation) throws IOException, InterruptedException {
    adminPost("/clients", representation);
  }

  /** POSTs {@code representation} to the test realm's admin REST API at {@code path}. */
  void adminPost(String path, String representation) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://localhost:" + port;
    HttpResponse<String> token =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (token.statusCode() != 200) {
      throw new IOException("admin login: " + token.statusCode() + " " + token.body());
    }
    String accessToken =
        com.google.gson.JsonParser.parseString(token.body())
            .getAsJsonObject()
            .get("access_token")
            .getAsString();
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/admin/realms/kubelogin" + path))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(representation))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IOException("POST " + path + ": " + created.statusCode() + " " + created.body());
    }
  }

  /** The PEM of the HTTPS port's self-signed certificate. */
  String certificateAuthorityPem() {
    return certificate.certificatePem();
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
