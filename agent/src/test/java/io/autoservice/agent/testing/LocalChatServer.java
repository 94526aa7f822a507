package io.autoservice.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for an OpenAI-compatible server on 127.0.0.1: answers {@code POST
 * /v1/chat/completions} with whatever the test set ({@link #answer}), and records each request (its
 * Authorization header and JSON body). Nothing leaves the machine.
 */
public final class LocalChatServer implements AutoCloseable {
  /** What the server received. */
  public record Request(String method, String path, String authorization, JsonNode body) {}

  /** What the server sends: a status, a body, and a delay before it. */
  public record Answer(int status, String body, Duration delay) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads;
  private volatile Function<Request, Answer> answers = r -> new Answer(500, "{}", Duration.ZERO);

  private LocalChatServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  public static LocalChatServer start() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-chat-server");
              t.setDaemon(true);
              return t;
            });
    LocalChatServer chat = new LocalChatServer(s, threads);
    s.createContext("/", chat::handle);
    s.setExecutor(threads);
    s.start();
    return chat;
  }

  /** {@code http://127.0.0.1:<port>}: a {@code base_url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers every request with this. */
  public LocalChatServer answer(Function<Request, Answer> answers) {
    this.answers = answers;
    return this;
  }

  /** Answers 200 with a chat completion whose message content is {@code content}. */
  public LocalChatServer content(String content) {
    return answer(r -> new Answer(200, completion(content), Duration.ZERO));
  }

  /** Answers {@code status} with {@code body}. */
  public LocalChatServer status(int status, String body) {
    return answer(r -> new Answer(status, body, Duration.ZERO));
  }

  /** Answers {@code status} (a 3xx) with {@code Location: location} and no body. */
  public LocalChatServer redirect(int status, String location) {
    return answer(r -> new Answer(status, location, Duration.ZERO));
  }

  /** Answers with a valid completion only after {@code delay}. */
  public LocalChatServer slow(Duration delay, String content) {
    return answer(r -> new Answer(200, completion(content), delay));
  }

  /** A chat-completions response body carrying {@code content}, with token usage. */
  public static String completion(String content) {
    ObjectNode root = Json.object();
    root.put("id", "chatcmpl-local");
    root.put("object", "chat.completion");
    root.put("model", "local-model");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    root.putObject("usage")
        .put("prompt_tokens", 321)
        .put("completion_tokens", 54)
        .put("total_tokens", 375);
    return Json.compact(root);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body;
      try {
        body = Json.parse(new String(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        body = null;
      }
      Request req =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getPath(),
              ex.getRequestHeaders().getFirst("Authorization"),
              body);
      requests.add(req);
      Answer a = answers.apply(req);
      if (!a.delay().isZero()) {
        try {
          Thread.sleep(a.delay().toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      if (a.status() / 100 == 3) {
        ex.getResponseHeaders().add("Location", a.body());
        out = new byte[0];
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } catch (IOException e) {
      // the client went away (a timeout test): nothing to do
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
    server.stop(0);
  }
}
