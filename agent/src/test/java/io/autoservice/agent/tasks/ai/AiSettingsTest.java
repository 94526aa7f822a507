package io.autoservice.agent.tasks.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AiSettingsTest {
  static final String KEY = "sk-test-0123456789abcdefXYZ";
  static final ParamSchema SCHEMA =
      ParamSchema.of(AiSettings.specs("dry_run", "").toArray(ParamSpec[]::new));

  private static FakeTaskContext ctx(ObjectNode params) {
    return new FakeTaskContext(params, SCHEMA, new ToolLocator(Map.of("PATH", ""), false));
  }

  private static ObjectNode model() {
    return Json.object().put("model", "gpt-4o-mini");
  }

  @Test
  void shouldReadTheKeyFromTheEnvironmentVariableThePlanNames() throws Exception {
    FakeTaskContext c =
        ctx(model().put("api_key", "env:MY_AI_KEY"))
            .withSecret("env:MY_AI_KEY", KEY, AiSettings.DEFAULT_BASE_URL);

    AiSettings s = AiSettings.from(c, "dry_run");

    assertThat(s.key().value()).isEqualTo(KEY);
    assertThat(s.key().source()).isEqualTo("the environment variable MY_AI_KEY");
    assertThat(s.key().toString()).doesNotContain(KEY);
    assertThat(s.model()).isEqualTo("gpt-4o-mini");
    assertThat(s.endpoint()).hasToString("https://api.openai.com/v1/chat/completions");
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(s.apply()).isFalse();
  }

  @Test
  void shouldReadTheKeyFromAConfigSecretThePlanNames() throws Exception {
    FakeTaskContext c = ctx(model().put("api_key", "shop_openai")).withSecret("shop_openai", KEY);

    assertThat(AiSettings.from(c, "dry_run").key().source())
        .isEqualTo("the agent config secret shop_openai");
  }

  @Test
  void shouldLookInTheDefaultPlacesInOrderWithoutAnApiKey() throws Exception {
    FakeTaskContext onlyEnv =
        ctx(model())
            .withSecret("env:OPENAI_API_KEY", KEY + "1")
            .withSecret("env:AUTOSERVICE_OPENAI_KEY", KEY + "2");
    FakeTaskContext all =
        ctx(model())
            .withSecret("env:OPENAI_API_KEY", KEY + "1")
            .withSecret("env:AUTOSERVICE_OPENAI_KEY", KEY + "2")
            .withSecret("openai_api_key", KEY + "3");

    assertThat(AiSettings.from(onlyEnv, "dry_run").key().value()).isEqualTo(KEY + "2");
    assertThat(AiSettings.from(all, "dry_run").key().value()).isEqualTo(KEY + "3");
    assertThatThrownBy(() -> AiSettings.from(ctx(model()), "dry_run"))
        .isInstanceOfSatisfying(
            AiSettings.Invalid.class,
            e -> assertThat(e.errorType()).isEqualTo("missing_parameters"))
        .hasMessageContaining("openai_api_key")
        .hasMessageContaining("AUTOSERVICE_OPENAI_KEY");
  }

  @Test
  void shouldRefuseAKeyWrittenIntoThePlanWithoutRepeatingIt() {
    for (String literal :
        new String[] {
          KEY,
          "sk-proj-abcDEF123",
          "gsk_0123456789",
          "AIzaSyD3x4mPl3K3yF0rT3st1ng0nlyXY",
          "env:sk-proj-abc-def",
          "a2F9xQ7LmZ3pR8sT1vW6yB4c",
          "key with spaces"
        }) {
      FakeTaskContext c =
          ctx(model().put("api_key", literal)).withSecret(literal, "whatever-value-123");

      assertThatThrownBy(() -> AiSettings.from(c, "dry_run"))
          .as(literal)
          .isInstanceOfSatisfying(
              AiSettings.Invalid.class,
              e -> assertThat(e.errorType()).isEqualTo("api_key_not_a_reference"))
          .hasMessage(
              "api_key must name a secret (env:VAR or a secret in the agent config), not contain one")
          .message()
          .doesNotContain(literal.replace("env:", ""));
    }
  }

  @Test
  void shouldSayWhichNamedSecretIsMissing() {
    FakeTaskContext unset =
        ctx(model().put("api_key", "env:NOT_SET_HERE"))
            .withSecret("env:NOT_SET_HERE", "", AiSettings.DEFAULT_BASE_URL);
    assertThatThrownBy(() -> AiSettings.from(unset, "dry_run"))
        .hasMessage(
            "api_key: the environment variable NOT_SET_HERE is not set (or empty) for the agent");
    assertThatThrownBy(
            () -> AiSettings.from(ctx(model().put("api_key", "front_desk_key")), "dry_run"))
        .hasMessageStartingWith(
            "api_key: the agent config binds no secret \"front_desk_key\" to https://api.openai.com:443");
  }

  @Test
  void shouldRequireAModel() {
    FakeTaskContext c = ctx(Json.object()).withSecret("openai_api_key", KEY);

    assertThatThrownBy(() -> AiSettings.from(c, "dry_run"))
        .isInstanceOfSatisfying(
            AiSettings.Invalid.class,
            e -> assertThat(e.errorType()).isEqualTo("missing_parameters"))
        .hasMessageContaining("'model' is required");
  }

  @Test
  void shouldLetTheInverseFlagOverrideApplyChanges() throws Exception {
    assertThat(
            AiSettings.from(
                    ctx(model().put("apply_changes", true)).withSecret("openai_api_key", KEY),
                    "dry_run")
                .apply())
        .isTrue();
    assertThat(
            AiSettings.from(
                    ctx(model().put("apply_changes", true).put("dry_run", true))
                        .withSecret("openai_api_key", KEY),
                    "dry_run")
                .apply())
        .isFalse();
    assertThat(
            AiSettings.from(
                    ctx(model().put("dry_run", false)).withSecret("openai_api_key", KEY), "dry_run")
                .apply())
        .isTrue();
  }

  @Test
  void shouldBuildTheChatCompletionsUrlFromEitherFormOfBaseUrl() throws Exception {
    assertThat(AiSettings.endpoint("http://127.0.0.1:8080"))
        .hasToString("http://127.0.0.1:8080/v1/chat/completions");
    assertThat(AiSettings.endpoint("http://127.0.0.1:8080/"))
        .hasToString("http://127.0.0.1:8080/v1/chat/completions");
    assertThat(AiSettings.endpoint("https://api.openai.com/v1"))
        .hasToString("https://api.openai.com/v1/chat/completions");
    assertThat(AiSettings.endpoint("https://llm.example/openai/v1/"))
        .hasToString("https://llm.example/openai/v1/chat/completions");
    assertThat(AiSettings.endpoint("http://[::1]:11434/v1/chat/completions"))
        .hasToString("http://[::1]:11434/v1/chat/completions");
  }

  @Test
  void shouldRefuseBaseUrlsThatAreNotPlainHttpWithoutEchoingCredentials() {
    assertThatThrownBy(() -> AiSettings.endpoint("https://user:hunter2@api.example.com"))
        .hasMessage("base_url: a URL with a user name or password is not allowed");
    assertThatThrownBy(() -> AiSettings.endpoint("http://us er:hunter2@host"))
        .hasMessage("base_url: not a usable URL");
    assertThatThrownBy(() -> AiSettings.endpoint("ftp://files.example.com"))
        .hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> AiSettings.endpoint("api.openai.com"))
        .hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> AiSettings.endpoint("http://h/v1?x=1"))
        .hasMessageContaining("not an http(s) URL");
  }

  @Test
  void shouldNotHandAConfigSecretToAServerTheConfigDoesNotBindItTo() {
    // given: the config's openai_api_key (a plain value: bound to https://api.openai.com only)
    for (String baseUrl :
        new String[] {
          "http://127.0.0.1:9",
          "https://llm.elsewhere.example",
          "https://api.openai.com:8443",
          "https://api.openai.com.",
          "http://localhost:9/v1"
        }) {
      for (String apiKey : new String[] {null, "openai_api_key"}) {
        ObjectNode params = model().put("base_url", baseUrl);
        if (apiKey != null) {
          params.put("api_key", apiKey);
        }
        FakeTaskContext c = ctx(params).withSecret("openai_api_key", KEY);

        // when/then: the task is refused, naming the parameters, and no key comes out
        assertThatThrownBy(() -> AiSettings.from(c, "dry_run"))
            .as(baseUrl + " " + apiKey)
            .isInstanceOf(AiSettings.Invalid.class)
            .hasMessageContaining("base_url")
            .message()
            .doesNotContain(KEY);
      }
    }
  }

  @Test
  void shouldNotReadAnEnvironmentVariableForAServerTheConfigDoesNotBindItTo() {
    // given: a plan naming any of the agent's environment variables, and its own server
    FakeTaskContext c =
        ctx(model()
                .put("api_key", "env:DATABASE_PASSWORD")
                .put("base_url", "https://collector.example"))
            .withSecret("env:DATABASE_PASSWORD", KEY);

    // when/then
    assertThatThrownBy(() -> AiSettings.from(c, "dry_run"))
        .isInstanceOfSatisfying(
            AiSettings.Invalid.class, e -> assertThat(e.errorType()).isEqualTo("secret_not_bound"))
        .hasMessage(
            "api_key: the agent config binds no secret \"env:DATABASE_PASSWORD\" to"
                + " https://collector.example:443 (base_url); nothing was sent. The config's secrets decide which secret"
                + " may go to which server");
  }

  @Test
  void shouldRefusePlainHttpToAnotherMachine() {
    FakeTaskContext c =
        ctx(model().put("base_url", "http://llm.shop.lan:8080")).withSecret("openai_api_key", KEY);

    assertThatThrownBy(() -> AiSettings.from(c, "dry_run"))
        .isInstanceOfSatisfying(
            AiSettings.Invalid.class,
            e -> assertThat(e.errorType()).isEqualTo("invalid_parameters"))
        .hasMessageStartingWith("base_url: plain http is allowed only to this PC");
  }
}
