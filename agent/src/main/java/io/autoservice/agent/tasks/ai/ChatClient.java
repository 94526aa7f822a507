package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.tasks.support.DaemonThreads;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call to an OpenAI-compatible chat-completions endpoint ({@code POST <endpoint>}, {@code
 * Authorization: Bearer <key>}, body {@code {model, messages:[system, user], temperature,
 * response_format:{type:"json_object"}}}) on {@link HttpClient} (HTTP/1.1, no redirects: the key
 * must not follow one to another host). The answer's {@code choices[0].message.content} is read as
 * a JSON object (a Markdown code fence or text around it is tolerated). Every failure becomes a
 * {@link Failed} whose message says what happened (the HTTP status and the API's {@code
 * error.message}, a timeout, a refused connection, an unreadable answer) with the key scrubbed out.
 */
public final class ChatClient {
  static final int PREVIEW_CHARS = 300;

  /** The model's answer as a JSON object, and the API's token counts ({@code usage}, or empty). */
  public record Reply(ObjectNode content, ObjectNode usage) {}

  /** The call failed; the message is safe to report (no key). */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    private final String kind;

    Failed(String kind, String message) {
      super(message);
      this.kind = kind;
    }

    /**
     * {@code http_error}, {@code timeout}, {@code connection}, {@code malformed_reply}, {@code
     * refused}, {@code cancelled}.
     */
    public String kind() {
      return kind;
    }
  }

  /**
   * Sends the conversation and waits at most {@code min(settings' request timeout, cap)} for the
   * whole answer; the token's cancellation stops the wait at once.
   */
  public Reply complete(
      AiSettings s,
      String system,
      String user,
      double temperature,
      CancellationToken token,
      Duration cap)
      throws Failed {
    Duration timeout =
        cap != null && !cap.isNegative() && !cap.isZero() && cap.compareTo(s.requestTimeout()) < 0
            ? cap
            : s.requestTimeout();
    ApiKey key = s.key();
    try {
      return call(s, system, user, temperature, token, timeout);
    } catch (Failed f) {
      throw new Failed(f.kind(), key.scrub(f.getMessage()));
    } catch (RuntimeException e) {
      throw new Failed("connection", key.scrub("request failed: " + describe(e)));
    }
  }

  private static Reply call(
      AiSettings s,
      String system,
      String user,
      double temperature,
      CancellationToken token,
      Duration timeout)
      throws Failed {
    URI endpoint = s.endpoint();
    ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.factory("ai-http"));
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(
                  timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30))
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(threads)
              .build();
      byte[] body =
          Json.compact(body(s.model(), system, user, temperature)).getBytes(StandardCharsets.UTF_8);
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Authorization", "Bearer " + s.key().value())
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("User-Agent", "autoservice-agent")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      CompletableFuture<HttpResponse<byte[]>> f =
          client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> response;
      try (CancellationToken.Registration r = token.onCancel(() -> f.cancel(true))) {
        response = f.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw timedOut(endpoint, timeout);
      } catch (CancellationException e) {
        throw new Failed("cancelled", "stopped while waiting for the model: " + token.reason());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        throw new Failed("cancelled", "interrupted while waiting for the model");
      } catch (ExecutionException e) {
        if (token.isCancelled()) {
          throw new Failed("cancelled", "stopped while waiting for the model: " + token.reason());
        }
        Throwable c = e.getCause() == null ? e : e.getCause();
        if (c instanceof HttpConnectTimeoutException) {
          throw new Failed(
              "timeout",
              "could not connect to "
                  + endpoint.getAuthority()
                  + " within "
                  + Durations.text(
                      timeout.compareTo(Duration.ofSeconds(30)) < 0
                          ? timeout
                          : Duration.ofSeconds(30)));
        }
        if (c instanceof HttpTimeoutException) {
          throw timedOut(endpoint, timeout);
        }
        if (c instanceof ConnectException) {
          throw new Failed(
              "connection", "could not connect to " + endpoint.getAuthority() + ": " + describe(c));
        }
        throw new Failed("connection", "request to " + endpoint + " failed: " + describe(c));
      }
      if (response.statusCode() / 100 != 2) {
        throw new Failed(
            "http_error",
            "HTTP "
                + response.statusCode()
                + " from "
                + endpoint
                + ": "
                + errorMessage(response.body()));
      }
      return parse(response.body());
    } finally {
      threads.shutdownNow();
    }
  }

  /** The request body. */
  static ObjectNode body(String model, String system, String user, double temperature) {
    ObjectNode body = Json.object();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    body.put("temperature", temperature);
    body.putObject("response_format").put("type", "json_object");
    return body;
  }

  /** The model's JSON object and the usage from a 2xx answer's body. Never returns null. */
  static Reply parse(byte[] bytes) throws Failed {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    JsonNode outer;
    try {
      outer = Json.parse(text);
    } catch (IOException e) {
      throw new Failed("malformed_reply", "the server's answer is not JSON: " + preview(text));
    }
    JsonNode message = outer == null ? null : outer.path("choices").path(0).path("message");
    if (message == null || !message.isObject()) {
      throw new Failed(
          "malformed_reply", "the server's answer has no choices[0].message: " + preview(text));
    }
    JsonNode content = message.get("content");
    if (content == null || !content.isTextual() || content.asText().isBlank()) {
      JsonNode refusal = message.get("refusal");
      if (refusal != null && refusal.isTextual() && !refusal.asText().isBlank()) {
        throw new Failed("refused", "the model refused: " + preview(refusal.asText()));
      }
      throw new Failed("malformed_reply", "the model's answer is empty");
    }
    String json = unwrap(content.asText());
    JsonNode parsed;
    try {
      parsed = Json.parse(json);
    } catch (IOException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      throw new Failed(
          "malformed_reply",
          "the model's answer is not a JSON object: " + preview(content.asText()));
    }
    JsonNode usage = outer.get("usage");
    return new Reply(
        (ObjectNode) parsed,
        usage != null && usage.isObject() ? (ObjectNode) usage : Json.object());
  }

  /** The JSON object inside a Markdown code fence or surrounding prose. */
  static String unwrap(String content) {
    String t = content.strip();
    int fence = t.indexOf("```");
    if (fence >= 0) {
      int start = t.indexOf('\n', fence);
      int end = t.indexOf("```", fence + 3);
      if (start >= 0 && end > start) {
        t = t.substring(start + 1, end).strip();
      }
    }
    if (!t.startsWith("{")) {
      int open = t.indexOf('{');
      int close = t.lastIndexOf('}');
      if (open >= 0 && close > open) {
        t = t.substring(open, close + 1);
      }
    }
    return t;
  }

  /**
   * The API's {@code error.message} (or {@code error}, {@code message}, {@code detail}), else the
   * body's start.
   */
  static String errorMessage(byte[] bytes) {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    try {
      JsonNode n = Json.parse(text);
      if (n != null) {
        for (JsonNode candidate :
            new JsonNode[] {
              n.path("error").path("message"), n.path("error"), n.path("message"), n.path("detail")
            }) {
          if (candidate.isTextual() && !candidate.asText().isBlank()) {
            return preview(candidate.asText());
          }
        }
      }
    } catch (IOException e) {
      // not JSON: show its start
    }
    return text.isBlank() ? "(no message)" : preview(text);
  }

  private static Failed timedOut(URI endpoint, Duration timeout) {
    return new Failed(
        "timeout", "no answer from " + endpoint + " within " + Durations.text(timeout));
  }

  static String preview(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= PREVIEW_CHARS ? one : one.substring(0, PREVIEW_CHARS) + "…";
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
