package io.autoservice.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code iperf3 -s -1} server on 127.0.0.1 and a free port, started as a child process for
 * one test run (it serves one client, then exits). {@link #close()} kills it if it is still there.
 */
public final class LocalIperfServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalIperfServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code iperf3 -s -1 -p <free port> -B 127.0.0.1 --forceflush} and waits until it
   * listens.
   */
  public static LocalIperfServer start(Path iperf3) {
    int port = freePort();
    try {
      Process p =
          new ProcessBuilder(
                  List.of(
                      iperf3.toString(),
                      "-s",
                      "-1",
                      "-p",
                      Integer.toString(port),
                      "-B",
                      "127.0.0.1",
                      "--forceflush"))
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Boolean> listening =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("Server listening")) {
                      return true;
                    }
                  }
                } catch (IOException e) {
                  // the server died
                }
                return false;
              });
      boolean ok;
      try {
        ok = listening.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        ok = false;
      }
      if (!ok) {
        p.destroyForcibly();
        throw new IllegalStateException("iperf3 server did not start on port " + port);
      }
      // Keep draining, so a chatty server never blocks on a full pipe.
      CompletableFuture.runAsync(
          () -> {
            try {
              while (r.readLine() != null) {
                // discard
              }
            } catch (IOException e) {
              // gone
            }
          });
      return new LocalIperfServer(p, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** A port nobody listens on right now (bound and released at once). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
