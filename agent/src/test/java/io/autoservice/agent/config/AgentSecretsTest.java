package io.autoservice.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSecretsTest {
  @TempDir Path tmp;

  private AgentConfig load(String secrets) throws Exception {
    return AgentConfig.load(
        Files.writeString(tmp.resolve("agent.json"), "{\"secrets\": " + secrets + "}"));
  }

  private static SecretOrigin origin(String url) {
    return SecretOrigin.of(URI.create(url)).orElseThrow();
  }

  @Test
  void shouldBindAPlainValueToOpenAiOnlyAndAnObjectToItsBaseUrls() throws Exception {
    // given
    AgentSecrets s =
        load("{\"openai_api_key\": \"sk-x\", \"shop\": {\"env\": \"SHOP_KEY\","
                + " \"base_urls\": [\"https://LLM.shop.lan/v1\", \"http://127.0.0.1:11434\"]}}")
            .secrets();

    // then
    assertThat(s.named("openai_api_key").orElseThrow().origins())
        .containsExactly(origin("https://api.openai.com:443"));
    assertThat(s.named("shop").orElseThrow().origins())
        .containsExactly(origin("https://llm.shop.lan"), origin("http://127.0.0.1:11434"));
    assertThat(s.fromEnv("SHOP_KEY")).extracting(ConfiguredSecret::name).containsExactly("shop");
  }

  @Test
  void shouldRefuseAConfigThatWouldSendASecretInTheClearOrAnywhere() {
    assertThatThrownBy(
            () -> load("{\"shop\": {\"value\": \"k\", \"base_urls\": [\"http://llm.shop.lan\"]}}"))
        .hasMessageContaining(
            "secrets.shop.base_urls[0]: \"http://llm.shop.lan\" is plain http to another machine");
    assertThatThrownBy(() -> load("{\"shop\": {\"value\": \"k\"}}"))
        .hasMessageContaining("secrets.shop.base_urls: expected a non-empty list");
    assertThatThrownBy(
            () ->
                load(
                    "{\"shop\": {\"value\": \"k\", \"env\": \"X\", \"base_urls\": [\"https://a\"]}}"))
        .hasMessageContaining("secrets.shop: needs exactly one of value, env, file");
    assertThatThrownBy(
            () -> load("{\"shop\": {\"value\": \"k\", \"base_urls\": [\"https://u@a\"]}}"))
        .hasMessageContaining(
            "secrets.shop.base_urls[0]: \"https://u@a\" is not an http(s) URL with a host");
    assertThatThrownBy(() -> load("{\"shop\": {\"value\": \"sk-secret-value\", \"hosts\": []}}"))
        .hasMessageContaining("secrets.shop: unknown key \"hosts\"")
        .message()
        .doesNotContain("sk-secret-value");
  }

  @Test
  void shouldTreatOnlyThisPcAsLoopback() {
    assertThat(origin("http://127.0.0.1:1").isLoopback()).isTrue();
    assertThat(origin("http://127.200.3.4:1").isLoopback()).isTrue();
    assertThat(origin("http://[::1]:1").isLoopback()).isTrue();
    assertThat(origin("http://LocalHost:1").isLoopback()).isTrue();
    assertThat(origin("http://127.0.0.1.evil.example").isLoopback()).isFalse();
    assertThat(origin("http://localhost.").isLoopback()).isFalse();
    assertThat(origin("http://128.0.0.1").isLoopback()).isFalse();
  }

  @Test
  void shouldLoadTheExampleConfig() throws Exception {
    AgentSecrets s = AgentConfig.load(Path.of("..", "deploy", "examples", "agent.json")).secrets();

    assertThat(s.named("shop_llm").orElseThrow().boundTo(origin("http://127.0.0.1:11434")))
        .isTrue();
    assertThat(s.named("openai_api_key").orElseThrow().boundTo(origin("http://127.0.0.1:11434")))
        .isFalse();
    assertThat(AgentConfig.load(Path.of("..", "deploy", "examples", "agent.json")).log().file())
        .isEqualTo(Path.of("C:/AutoService/data/logs/agent.log"));
  }
}
