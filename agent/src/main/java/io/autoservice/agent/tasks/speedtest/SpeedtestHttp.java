package io.autoservice.agent.tasks.speedtest;

import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.tasks.support.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of a speedtest on {@link HttpClient} (HTTP/1.1, redirects followed except from
 * https to http): plain GETs and latency samples here, timed transfers in {@link
 * SpeedtestTransfers}. Every request has a timeout; the run's cancellation aborts everything at
 * once (open downloads are closed, workers interrupted). Close it to stop its threads.
 */
final class SpeedtestHttp implements AutoCloseable {
  static final int MAX_TEXT_BYTES = 8 * 1024 * 1024;
  static final String USER_AGENT =
      "Mozilla/5.0 ("
          + System.getProperty("os.name", "")
          + ") Java/"
          + Runtime.version().feature()
          + " (KHTML, like Gecko) autoservice-agent speedtest";

  /** Bytes moved by the transfer under way, for progress. */
  final AtomicLong liveBytes = new AtomicLong();

  private final Duration requestTimeout;
  private final ExecutorService workers;
  private final ExecutorService httpThreads;
  private final HttpClient client;
  private final Set<InputStream> open = ConcurrentHashMap.newKeySet();
  private final CancellationToken.Registration registration;
  private volatile boolean aborted;

  /** Latency samples in ms (without the warm-up) and the first failure, if any. */
  record Latency(List<Double> samplesMs, String firstError) {}

  SpeedtestHttp(Duration requestTimeout, CancellationToken token) {
    this.requestTimeout = requestTimeout;
    this.workers = Executors.newCachedThreadPool(DaemonThreads.factory("speedtest"));
    this.httpThreads = Executors.newCachedThreadPool(DaemonThreads.factory("speedtest-http"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(httpThreads)
            .build();
    this.registration = token.onCancel(this::abort);
  }

  /** A GET's body as text (at most 8 MB). */
  String get(URI uri) throws IOException {
    HttpResponse<InputStream> r = send(request(uri, requestTimeout).GET().build());
    try (InputStream in = r.body()) {
      checkStatus(r, uri);
      return new String(readAtMost(in, MAX_TEXT_BYTES), StandardCharsets.UTF_8);
    }
  }

  /**
   * {@code samples} sequential {@code latency.txt} requests to a server; with {@code warmUp} one
   * more goes first and is not counted, so connecting does not count as latency.
   */
  Latency latency(SpeedtestServer server, int samples, boolean warmUp) {
    List<Double> ms = new ArrayList<>();
    String firstError = null;
    for (int i = warmUp ? -1 : 0; i < samples && !aborted; i++) {
      URI uri =
          URI.create(server.baseUrl() + "latency.txt?x=" + System.currentTimeMillis() + "." + i);
      long t0 = System.nanoTime();
      try {
        String body = get(uri);
        double took = (System.nanoTime() - t0) / 1e6;
        if (SpeedtestOutputParser.isLatencyAnswer(body)) {
          if (i >= 0) {
            ms.add(took);
          }
        } else if (firstError == null) {
          firstError =
              "unexpected answer from " + uri.getRawAuthority() + " to the latency request";
        }
      } catch (IOException e) {
        if (firstError == null) {
          firstError = e.getMessage();
        }
        if (i < 0) {
          break; // not even the first request got through: do not wait for more
        }
      }
    }
    return new Latency(ms, firstError);
  }

  /** Latency of several servers at once (each with a warm-up request), in their order. */
  List<Latency> latencies(List<SpeedtestServer> servers, int samples) {
    List<Future<Latency>> futures = new ArrayList<>();
    for (SpeedtestServer s : servers) {
      try {
        futures.add(submit(() -> latency(s, samples, true)));
      } catch (RejectedExecutionException e) {
        futures.add(CompletableFuture.completedFuture(new Latency(List.of(), "cancelled")));
      }
    }
    List<Latency> out = new ArrayList<>();
    for (Future<Latency> f : futures) {
      try {
        out.add(f.get(requestTimeout.toMillis() * (samples + 1) + 2000, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        f.cancel(true);
        out.add(new Latency(List.of(), "no answer in time"));
      }
    }
    return out;
  }

  <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
    return workers.submit(task);
  }

  Future<?> submit(Runnable task) {
    return workers.submit(task);
  }

  boolean aborted() {
    return aborted;
  }

  HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("User-Agent", USER_AGENT)
        .header("Cache-Control", "no-cache");
  }

  /** The request timeout, or less so as not to outlast {@code until} by much (at least 1 s). */
  Duration timeoutUntil(long untilNanos) {
    long left = untilNanos - System.nanoTime();
    return Duration.ofNanos(Math.max(1_000_000_000L, Math.min(requestTimeout.toNanos(), left)));
  }

  HttpResponse<InputStream> send(HttpRequest req) throws IOException {
    if (aborted) {
      throw new IOException("cancelled");
    }
    try {
      return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("cancelled", e);
    } catch (IOException e) {
      throw new IOException(describe(e, req.uri()), e);
    }
  }

  /** A response body the run's cancellation (or the end of a transfer) may close. */
  InputStream track(InputStream in) {
    open.add(in);
    return in;
  }

  void untrack(InputStream in) {
    open.remove(in);
  }

  static void checkStatus(HttpResponse<?> r, URI uri) throws IOException {
    if (r.statusCode() >= 400) {
      throw new IOException(
          "HTTP "
              + r.statusCode()
              + " from "
              + uri.getScheme()
              + "://"
              + uri.getRawAuthority()
              + uri.getRawPath());
    }
  }

  /**
   * A sentence for a failed request, e.g. {@code could not connect to 127.0.0.1:8080 (Connection
   * refused)}.
   */
  static String describe(IOException e, URI uri) {
    String where = uri.getRawAuthority();
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection to " + where + " within the timeout";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + where + " within the timeout";
    }
    if (e instanceof ConnectException) {
      return "could not connect to "
          + where
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + uri.getHost();
    }
    String msg = e.getMessage();
    return (msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg) + " (" + where + ")";
  }

  static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n;
        out.size() < max && (n = in.read(buf, 0, Math.min(buf.length, max - out.size()))) >= 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private void abort() {
    aborted = true;
    closeOpenStreams();
    workers.shutdownNow();
  }

  void closeOpenStreams() {
    for (InputStream in : open) {
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        // it is being abandoned anyway
      }
    }
    open.clear();
  }

  @Override
  public void close() {
    registration.close();
    closeOpenStreams();
    workers.shutdownNow();
    httpThreads.shutdownNow();
  }
}
