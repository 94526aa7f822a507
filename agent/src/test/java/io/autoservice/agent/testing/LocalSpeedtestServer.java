package io.autoservice.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for speedtest.net on 127.0.0.1 (a random port), speaking the classic HTTP protocol:
 *
 * <ul>
 *   <li>{@code /speedtest-config.php}: {@code <client ip="127.0.0.1" isp="Loopback ISP" …/>};
 *   <li>{@code /speedtest-servers-static.php}: two servers, id 4242 ("Loopback", "Test Sponsor",
 *       "Nowhere", this server's {@code /speedtest/upload.php}) and id 4343 ("Far Away", under
 *       {@code /far/speedtest/}, where only {@code latency.txt} answers, after {@value
 *       #FAR_LATENCY_MS} ms);
 *   <li>{@code /speedtest/latency.txt}: {@code test=test};
 *   <li>{@code /speedtest/random<N>x<N>.jpg}: {@code N × N / 4} bytes;
 *   <li>{@code /speedtest/upload.php}: reads the body, answers {@code size=<bytes>}.
 * </ul>
 *
 * {@link Mode#SLOW} answers latency requests after {@value #SLOW_LATENCY_MS} ms and moves bodies in
 * 4 KB pieces 20 ms apart (about 1.6 Mbit/s per connection); {@link Mode#FAILING} answers the
 * images and {@code upload.php} with HTTP 500. Counts the requests it served.
 */
public final class LocalSpeedtestServer implements AutoCloseable {
  public enum Mode {
    OK,
    SLOW,
    FAILING
  }

  public static final int SLOW_LATENCY_MS = 60;

  /** The second listed server's latency: it is never the fastest. */
  public static final int FAR_LATENCY_MS = 250;

  private static final int PIECE = 4096;
  private static final int PIECE_DELAY_MS = 20;
  private static final Pattern IMAGE =
      Pattern.compile("/speedtest/random(\\d{1,5})x\\d{1,5}\\.jpg");

  static {
    // Answer without waiting for the client's delayed ACK (Nagle), or every small answer on the
    // loopback takes 40 ms more. Read once, when the JDK's server first starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final Mode mode;
  public final AtomicInteger latencyRequests = new AtomicInteger();
  public final AtomicInteger downloadRequests = new AtomicInteger();
  public final AtomicInteger uploadRequests = new AtomicInteger();

  private LocalSpeedtestServer(Mode mode) throws IOException {
    this.mode = mode;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-speedtest");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static LocalSpeedtestServer start(Mode mode) {
    try {
      return new LocalSpeedtestServer(mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String serverListUrl() {
    return baseUrl() + "/speedtest-servers-static.php";
  }

  public String configUrl() {
    return baseUrl() + "/speedtest-config.php";
  }

  /** The folder of the test files, {@code http://127.0.0.1:<port>/speedtest/}. */
  public String serverUrl() {
    return baseUrl() + "/speedtest/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String host = "127.0.0.1:" + server.getAddress().getPort();
      if (path.equals("/speedtest-config.php")) {
        text(
            ex,
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n<client ip=\"127.0.0.1\" lat=\"-33.8\" "
                + "lon=\"151.2\" isp=\"Loopback ISP\" isprating=\"3.7\" rating=\"0\" ispdlavg=\"0\" ispulavg=\"0\" "
                + "loggedin=\"0\" country=\"AU\" />\n</settings>\n");
      } else if (path.equals("/speedtest-servers-static.php")) {
        String url = baseUrl() + "/speedtest/upload.php";
        text(
            ex,
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n<servers>\n"
                + "<server url=\""
                + url
                + "\" lat=\"-33.9\" lon=\"151.2\" name=\"Loopback\" country=\"Nowhere\" "
                + "cc=\"NW\" sponsor=\"Test Sponsor\" id=\"4242\" host=\""
                + host
                + "\" />\n"
                + "<server url=\""
                + baseUrl()
                + "/far/speedtest/upload.php\" lat=\"51.5\" lon=\"-0.1\" name=\"Far Away\" country=\"Elsewhere\" "
                + "cc=\"EW\" sponsor=\"Other &amp; Sons\" id=\"4343\" host=\""
                + host
                + "\" />\n"
                + "</servers>\n</settings>\n");
      } else if (path.equals("/far/speedtest/latency.txt")) {
        latencyRequests.incrementAndGet();
        sleep(FAR_LATENCY_MS);
        text(ex, 200, "test=test\n");
      } else if (mode == Mode.FAILING
          && (IMAGE.matcher(path).matches() || path.equals("/speedtest/upload.php"))) {
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        text(ex, 500, "internal error");
      } else if (path.equals("/speedtest/latency.txt")) {
        latencyRequests.incrementAndGet();
        if (mode == Mode.SLOW) {
          sleep(SLOW_LATENCY_MS);
        }
        text(ex, 200, "test=test\n");
      } else if (IMAGE.matcher(path).matches()) {
        downloadRequests.incrementAndGet();
        Matcher m = IMAGE.matcher(path);
        m.matches();
        int n = Integer.parseInt(m.group(1));
        long size = (long) n * n / 4;
        ex.getResponseHeaders().set("Content-Type", "image/jpeg");
        ex.sendResponseHeaders(200, size);
        byte[] piece = new byte[mode == Mode.SLOW ? PIECE : 64 * 1024];
        Arrays.fill(piece, (byte) 'x');
        try (OutputStream out = ex.getResponseBody()) {
          for (long sent = 0; sent < size; ) {
            int k = (int) Math.min(piece.length, size - sent);
            out.write(piece, 0, k);
            sent += k;
            if (mode == Mode.SLOW) {
              out.flush();
              sleep(PIECE_DELAY_MS);
            }
          }
        }
      } else if (path.equals("/speedtest/upload.php")) {
        uploadRequests.incrementAndGet();
        long total = 0;
        byte[] buf = new byte[mode == Mode.SLOW ? PIECE : 64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
          for (int k; (k = in.read(buf)) >= 0; ) {
            total += k;
            if (mode == Mode.SLOW) {
              sleep(PIECE_DELAY_MS);
            }
          }
        }
        text(ex, 200, "size=" + total);
      } else {
        text(ex, 404, "not found");
      }
    } catch (IOException e) {
      // the client went away (the test's time was up): nothing to do
    }
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static void sleep(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
