package io.autoservice.agent.tasks.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.config.AgentConfig;
import io.autoservice.agent.exec.Secrets;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No plan can make the agent send a secret or an environment variable to a server its config does
 * not bind that secret to. Two real HTTP servers on 127.0.0.1 record every Authorization header:
 * {@code bound} is named in the config for three secrets, {@code other} for none. Every plan
 * variation (secret names, {@code env:} names, {@code file:}, URL spellings) goes through the same
 * path as the AI tasks: {@link AiSettings#from}, then {@link ChatClient#complete} when accepted.
 */
class SecretRoutingTest {
  static final ParamSchema SCHEMA =
      ParamSchema.of(AiSettings.specs("dry_run", "").toArray(ParamSpec[]::new));
  static final String SHOP = "sk-shop-value-000000000001";
  static final String SHOP_ENV = "sk-shop-env-0000000000002";
  static final String OPENAI = "sk-openai-value-000000003";
  static final String OTHER_ENV = "db-password-00000000000004";
  static final String OPENAI_ENV = "sk-openai-env-00000000005";
  static final String FROM_FILE = "sk-from-file-0000000000006";
  static final List<String> ALL = List.of(SHOP, SHOP_ENV, OPENAI, OTHER_ENV, OPENAI_ENV, FROM_FILE);
  static final List<String> BOUND_TO_SERVER = List.of(SHOP, SHOP_ENV, FROM_FILE);

  @TempDir Path tmp;
  private LocalChatServer bound;
  private LocalChatServer other;
  private Secrets secrets;

  @BeforeEach
  void setUp() throws Exception {
    bound = LocalChatServer.start().content("{\"to_disable\": []}");
    other = LocalChatServer.start().content("{\"to_disable\": []}");
    Path keyFile = Files.writeString(tmp.resolve("groq.key"), FROM_FILE + "\n");
    Path config =
        Files.writeString(
            tmp.resolve("agent.json"),
            "{\"secrets\": {"
                + "\"shop_llm\": {\"value\": \""
                + SHOP
                + "\", \"base_urls\": [\""
                + bound.baseUrl()
                + "/v1\"]},"
                + "\"shop_env\": {\"env\": \"SHOP_ENV\", \"base_urls\": [\""
                + bound.baseUrl()
                + "\", \"https://llm.shop.example\"]},"
                + "\"file_key\": {\"file\": \""
                + keyFile.toString().replace("\\", "\\\\")
                + "\", \"base_urls\": [\""
                + bound.baseUrl()
                + "\"]},"
                + "\"openai_api_key\": \""
                + OPENAI
                + "\"}}");
    secrets =
        new Secrets(
            AgentConfig.load(config).secrets(),
            Map.of(
                "SHOP_ENV",
                SHOP_ENV,
                "DATABASE_PASSWORD",
                OTHER_ENV,
                "OPENAI_API_KEY",
                OPENAI_ENV));
  }

  @AfterEach
  void tearDown() {
    bound.close();
    other.close();
  }

  /** Runs one plan's AI settings through to the HTTP request, as a task would. */
  private void attempt(String apiKey, String baseUrl) {
    ObjectNode p = Json.object().put("model", "gpt-4o-mini").put("base_url", baseUrl);
    if (apiKey != null) {
      p.put("api_key", apiKey);
    }
    FakeTaskContext ctx =
        new FakeTaskContext(p, SCHEMA, new ToolLocator(Map.of("PATH", ""), false))
            .withSecrets(secrets);
    AiSettings s;
    try {
      s = AiSettings.from(ctx, "dry_run");
    } catch (AiSettings.Invalid e) {
      assertThat(e.getMessage()).as(apiKey + " → " + baseUrl).doesNotContain(ALL);
      return;
    }
    try {
      new ChatClient()
          .complete(s, "sys", "user", 0, new CancellationToken(), Duration.ofSeconds(2));
    } catch (ChatClient.Failed e) {
      assertThat(e.getMessage()).doesNotContain(ALL);
    }
  }

  private void assertNoSecretReachedAnUnboundServer() {
    assertThat(other.requests).as("requests to the unbound server").isEmpty();
    assertThat(bound.requests)
        .allSatisfy(
            r ->
                assertThat(BOUND_TO_SERVER.stream().map(k -> "Bearer " + k))
                    .as("the key sent to the bound server")
                    .contains(r.authorization()));
  }

  private List<String> references() {
    return java.util.Arrays.asList(
        null,
        "shop_llm",
        "shop_env",
        "file_key",
        "openai_api_key",
        "env:SHOP_ENV",
        "env:DATABASE_PASSWORD",
        "env:OPENAI_API_KEY",
        "env:AUTOSERVICE_OPENAI_KEY",
        "env:PATH",
        "file:" + tmp.resolve("groq.key"),
        "no_such_secret",
        OPENAI,
        "SHOP_LLM",
        "shop_llm ",
        "env:shop_env");
  }

  /**
   * Spellings a technician might try to reach {@code other} (or an unbound host) with a bound key.
   */
  private List<String> unboundUrls() {
    int o = port(other);
    int b = port(bound);
    return List.of(
        other.baseUrl(),
        "HTTP://127.0.0.1:" + o,
        "http://LOCALHOST:" + o,
        "http://localhost:" + o + "/v1",
        "http://127.0.0.1:" + b + "@127.0.0.1:" + o,
        "http://127.0.0.1@127.0.0.1:" + o,
        "http://user:pw@127.0.0.1:" + o,
        "http://127.0.0.1.:" + o,
        "http://127.1:" + o,
        "http://2130706433:" + o,
        "http://0x7f.0.0.1:" + o,
        "http://[::ffff:127.0.0.1]:" + o,
        "https://127.0.0.1:" + o,
        "http://127.0.0.1:" + o + "/v1/chat/completions",
        "http://127.0.0.1:" + o + "#@127.0.0.1:" + b,
        "http://127.0.0.1:" + o + "\\@127.0.0.1:" + b,
        "http://127.0.0.1:" + o + "?@127.0.0.1:" + b,
        "http://127.0.0.1:" + o + "/@127.0.0.1:" + b,
        "http://evil.example:" + o,
        "https://api.openai.com.evil.example",
        "https://llm.shop.example.evil.example",
        "https://api.openai.com:8443",
        "https://api.openai.com.",
        "http://api.openai.com",
        "https://evil.example/api.openai.com",
        "http://127.0.0.1:" + b + ".evil.example:" + o);
  }

  @Test
  void shouldSendNoSecretToAServerTheConfigDoesNotBindItTo() {
    // when: every secret reference with every spelling of an unbound server
    for (String ref : references()) {
      for (String url : unboundUrls()) {
        attempt(ref, url);
      }
    }

    // then
    assertNoSecretReachedAnUnboundServer();
    assertThat(bound.requests).isEmpty();
  }

  @Test
  void shouldSendNoSecretToAnUnboundServerUnderRandomPlans() {
    // given: random plans mixing references with mutated URLs (seeded: a failure reproduces)
    Random random = new Random(20261207L);
    List<String> refs = references();
    List<String> urls = new ArrayList<>(unboundUrls());
    urls.add(bound.baseUrl());

    // when
    for (int i = 0; i < 300; i++) {
      String url = mutate(urls.get(random.nextInt(urls.size())), random);
      attempt(refs.get(random.nextInt(refs.size())), url);
    }

    // then: whatever reached the bound server carried only a secret bound to it
    assertNoSecretReachedAnUnboundServer();
  }

  @Test
  void shouldSendOnlyTheBoundSecretsToTheServerTheConfigNames() {
    // when
    attempt("shop_llm", bound.baseUrl());
    attempt("env:SHOP_ENV", "HTTP://127.0.0.1:" + port(bound) + "/v1");
    attempt("file_key", bound.baseUrl() + "/");

    // then
    assertThat(bound.requests)
        .extracting(LocalChatServer.Request::authorization)
        .containsExactly("Bearer " + SHOP, "Bearer " + SHOP_ENV, "Bearer " + FROM_FILE);
    assertThat(other.requests).isEmpty();
  }

  @Test
  void shouldNotFollowARedirectWithTheKey() {
    // given: the bound server redirects to the unbound one
    bound.redirect(307, other.baseUrl() + "/v1/chat/completions");

    // when
    attempt("shop_llm", bound.baseUrl());

    // then
    assertThat(bound.requests)
        .singleElement()
        .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + SHOP));
    assertThat(other.requests).isEmpty();
  }

  private static String mutate(String url, Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> url.toUpperCase(Locale.ROOT);
      case 1 -> url + "/";
      case 2 -> url.replace("127.0.0.1", "127.0.0.1.");
      case 3 -> url.replace("://", "://x@");
      case 4 -> url.replace("http://", "https://");
      default -> url;
    };
  }

  private static int port(LocalChatServer s) {
    return Integer.parseInt(s.baseUrl().substring(s.baseUrl().lastIndexOf(':') + 1));
  }
}
