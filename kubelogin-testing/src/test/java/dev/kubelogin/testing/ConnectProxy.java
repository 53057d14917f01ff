package dev.kubelogin.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on 127.0.0.1 that serves only {@code CONNECT} (how clients reach an https API
 * server through a proxy) and records the targets, for tests of {@code proxy-url}.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final boolean toLoopback;

  /** A proxy that tunnels to the host each CONNECT names. */
  public ConnectProxy() {
    this(false);
  }

  /**
   * A proxy that tunnels every CONNECT to 127.0.0.1 on the port it names, whatever the host: a name
   * only the proxy can reach, as behind a corporate proxy.
   */
  public static ConnectProxy toLoopback() {
    return new ConnectProxy(true);
  }

  private ConnectProxy(boolean toLoopback) {
    this.toLoopback = toLoopback;
    try {
      server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "connect-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The {@code host:port} of every CONNECT received, in order. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void tunnel(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      String[] requestLine = head.split("\r\n", 2)[0].split(" ");
      if (!requestLine[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes());
        return;
      }
      targets.add(requestLine[1]);
      String[] hostPort = requestLine[1].split(":");
      String host = toLoopback ? "127.0.0.1" : hostPort[0];
      try (Socket upstream = new Socket(host, Integer.parseInt(hostPort[1]))) {
        client
            .getOutputStream()
            .write(
                "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread up = new Thread(() -> pipe(in, upstream), "connect-proxy-up");
        up.setDaemon(true);
        up.start();
        pipe(upstream.getInputStream(), client);
      }
    } catch (IOException e) {
      // a side hung up
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the request head");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      OutputStream out = to.getOutputStream();
      from.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      // a side hung up
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
