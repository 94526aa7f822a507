package io.autoservice.agent.tasks.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.testing.LocalIperfServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every request goes to a local server on 127.0.0.1. */
class ChatClientTest {
  static final String KEY = "sk-test-local-0123456789abcdef";

  private final ChatClient client = new ChatClient();
  private LocalChatServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalChatServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AiSettings settings(double timeoutSeconds) throws Exception {
    return new AiSettings(
        new ApiKey(KEY, "the agent config secret openai_api_key"),
        "gpt-4o-mini",
        AiSettings.endpoint(server.baseUrl()),
        Duration.ofMillis((long) (timeoutSeconds * 1000)),
        false);
  }

  private ChatClient.Reply call(double timeoutSeconds) throws Exception {
    return client.complete(
        settings(timeoutSeconds), "system text", "user text", 0.1, new CancellationToken(), null);
  }

  @Test
  void shouldPostTheChatCompletionsRequestAndReadTheAnswer() throws Exception {
    server.content(
        "{\"to_disable\": [], \"keep_enabled\": [], \"analysis_summary\": {\"total_items\": 0}}");

    ChatClient.Reply reply = call(10);

    assertThat(reply.content().at("/analysis_summary/total_items").asInt()).isZero();
    assertThat(reply.usage().get("total_tokens").asInt()).isEqualTo(375);
    LocalChatServer.Request req = server.requests.get(0);
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/v1/chat/completions");
    assertThat(req.authorization()).isEqualTo("Bearer " + KEY);
    JsonNode body = req.body();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asText()).isEqualTo("system text");
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("user text");
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
  }

  @Test
  void shouldReadAnAnswerWrappedInACodeFence() throws Exception {
    server.content("Here you go:\n```json\n{\"to_disable\": [{\"id\": \"x\"}]}\n```\nThanks");

    assertThat(call(10).content().at("/to_disable/0/id").asText()).isEqualTo("x");
  }

  @Test
  void shouldGiveTheStatusAndTheApiMessageOfARejectedKeyButNeverTheKey() throws Exception {
    server.status(
        401,
        "{\"error\": {\"message\": \"Incorrect API key provided: "
            + KEY
            + ". You can find your API key at https://platform.openai.com/account/api-keys.\", \"type\": \"invalid_request_error\"}}");

    assertThatThrownBy(() -> call(10))
        .isInstanceOfSatisfying(
            ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("http_error"))
        .hasMessageStartingWith(
            "HTTP 401 from "
                + server.baseUrl()
                + "/v1/chat/completions: Incorrect API key provided: ***.")
        .message()
        .doesNotContain(KEY);
  }

  @Test
  void shouldGiveTheStatusOfAServerError() throws Exception {
    server.status(
        500,
        "{\"error\": {\"message\": \"The server had an error while processing your request.\"}}");

    assertThatThrownBy(() -> call(10))
        .hasMessage(
            "HTTP 500 from "
                + server.baseUrl()
                + "/v1/chat/completions: The server had an error while processing your request.");
  }

  @Test
  void shouldGiveTheStartOfABodyThatIsNotJson() throws Exception {
    server.status(429, "Too Many Requests\n");

    assertThatThrownBy(() -> call(10)).hasMessageEndingWith(": Too Many Requests");
  }

  @Test
  void shouldFailOnAnAnswerThatIsNotAJsonObject() throws Exception {
    server.content("I think you should disable Steam and Discord.");

    assertThatThrownBy(() -> call(10))
        .isInstanceOfSatisfying(
            ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("malformed_reply"))
        .hasMessage(
            "the model's answer is not a JSON object: I think you should disable Steam and Discord.");
  }

  @Test
  void shouldFailOnAResponseThatIsNotAChatCompletion() throws Exception {
    server.status(200, "{\"object\": \"list\", \"data\": []}");
    assertThatThrownBy(() -> call(10))
        .hasMessageStartingWith("the server's answer has no choices[0].message");

    server.status(200, "<html>proxy login</html>");
    assertThatThrownBy(() -> call(10))
        .hasMessage("the server's answer is not JSON: <html>proxy login</html>");
  }

  @Test
  void shouldSayTheModelRefused() throws Exception {
    server.status(
        200,
        "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null, \"refusal\": \"I can't help\"}}]}");

    assertThatThrownBy(() -> call(10))
        .isInstanceOfSatisfying(
            ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("refused"))
        .hasMessage("the model refused: I can't help");
  }

  @Test
  void shouldGiveUpOnASlowServerAtTheRequestTimeout() throws Exception {
    server.slow(Duration.ofSeconds(20), "{}");
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> call(1))
        .isInstanceOfSatisfying(
            ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("timeout"))
        .hasMessage("no answer from " + server.baseUrl() + "/v1/chat/completions within 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldWaitNoLongerThanTheTaskHasLeft() throws Exception {
    server.slow(Duration.ofSeconds(20), "{}");
    long t0 = System.nanoTime();

    assertThatThrownBy(
            () ->
                client.complete(
                    settings(120), "s", "u", 0.1, new CancellationToken(), Duration.ofMillis(800)))
        .hasMessageEndingWith("within 800 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldStopWaitingWhenTheTaskIsCancelled() throws Exception {
    server.slow(Duration.ofSeconds(20), "{}");
    CancellationToken token = new CancellationToken();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.schedule(() -> token.cancel("cancelled"), 300, TimeUnit.MILLISECONDS);
      long t0 = System.nanoTime();

      assertThatThrownBy(() -> client.complete(settings(60), "s", "u", 0.1, token, null))
          .isInstanceOfSatisfying(
              ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("cancelled"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void shouldSayWhenNothingListens() throws Exception {
    int port = LocalIperfServer.freePort();
    AiSettings s =
        new AiSettings(
            new ApiKey(KEY, "x"),
            "m",
            URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"),
            Duration.ofSeconds(5),
            false);

    assertThatThrownBy(() -> client.complete(s, "s", "u", 0.1, new CancellationToken(), null))
        .isInstanceOfSatisfying(
            ChatClient.Failed.class, f -> assertThat(f.kind()).isEqualTo("connection"))
        .hasMessageStartingWith("could not connect to 127.0.0.1:" + port);
  }

  @Test
  void shouldReadTheApiErrorMessageInItsUsualPlaces() {
    assertThat(
            ChatClient.errorMessage(
                "{\"error\": \"model not found\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("model not found");
    assertThat(
            ChatClient.errorMessage("{\"detail\": \"Not Found\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("Not Found");
    assertThat(ChatClient.errorMessage(new byte[0])).isEqualTo("(no message)");
  }
}
