package dev.kubelogin.oidc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
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
  private final List<String> log = new ArrayList<>();

  private KeycloakServer(Process process, int port, int httpsPort, HeldCertificate certificate) {
    this.process = process;
    this.port = port;
    this.httpsPort = httpsPort;
    this.certificate = certificate;
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
    KeycloakServer server = new KeycloakServer(pb.start(), port, httpsPort, certificate);
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
