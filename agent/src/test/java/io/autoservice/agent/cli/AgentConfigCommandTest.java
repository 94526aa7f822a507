package io.autoservice.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.config.AgentConfig;
import io.autoservice.common.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentConfigCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result config(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ConfigCommand(env));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path configFile() throws Exception {
    return Files.writeString(
        dir.resolve("agent.json"),
        """
        {"labels": {"site": "back"},
         "secrets": {
           "openai_api_key": "sk-live-0123456789",
           "shop_llm": {"env": "SHOP_LLM_KEY", "base_urls": ["https://llm.shop.lan"]},
           "groq": {"value": "gsk-abcdef", "base_urls": ["https://api.groq.com"]},
           "local": {"file": "/etc/autoservice/local.key", "base_urls": ["http://127.0.0.1:11434"]}
         }}
        """);
  }

  @Test
  void printsEachKeyWithItsSourceAndSecretValuesMasked() throws Exception {
    Path file = configFile();

    Result r =
        config(
            Map.of(
                "AUTOSERVICE_LABELS", "{\"site\": \"front\"}",
                "AUTOSERVICE_LOG_LEVEL", "info",
                "SHOP_LLM_KEY", "sk-from-env"),
            "--config",
            file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .doesNotContain("sk-live-0123456789")
        .doesNotContain("gsk-abcdef")
        .doesNotContain("sk-from-env")
        .contains("SHOP_LLM_KEY")
        .contains("/etc/autoservice/local.key")
        .contains("https://api.groq.com");
    assertThat(r.out().lines())
        .anyMatch(
            l -> l.matches("labels +=\\s\\{\"site\":\"front\"\\}  \\(env AUTOSERVICE_LABELS\\)"))
        .anyMatch(l -> l.matches("log_level +=\\sinfo  \\(env AUTOSERVICE_LOG_LEVEL\\)"))
        .anyMatch(l -> l.matches("secrets +=\\s.*  \\(file " + file + "\\)"))
        .anyMatch(l -> l.matches("journal_max_bytes +=\\s268435456  \\(default\\)"));
  }

  @Test
  void jsonMasksTheSameWay() throws Exception {
    Result r = config(Map.of(), "--config", configFile().toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode secrets = Json.mapper().readTree(r.out()).get("secrets").get("value");
    assertThat(secrets.get("openai_api_key").asText()).isEqualTo("********");
    assertThat(secrets.at("/groq/value").asText()).isEqualTo("********");
    assertThat(secrets.at("/shop_llm/env").asText()).isEqualTo("SHOP_LLM_KEY");
  }

  @Test
  void theFileMayComeFromTheAgentConfigVariable() throws Exception {
    Path file = configFile();

    Result r = config(Map.of(AgentConfig.ENV_VAR, file.toString()));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("labels +=\\s\\{\"site\":\"back\"\\}  \\(file ");
  }

  @Test
  void aBadVariableStopsWithItsName() {
    Result r = config(Map.of("AUTOSERVICE_JOURNAL_MAX_BYTES", "lots"));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: AUTOSERVICE_JOURNAL_MAX_BYTES: \"lots\" is not a number\n");
  }

  @Test
  void aMisspeltVariableIsWarnedAboutSecretsInOthersAreNot() {
    Result r =
        config(
            Map.of(
                "AUTOSERVICE_CONFINE_TOOL", "true",
                "AUTOSERVICE_SHOP_LLM_KEY", "sk-x",
                "AUTOSERVICE_OPENAI_KEY", "sk-y"));

    assertThat(r.code()).isZero();
    assertThat(r.err())
        .isEqualTo(
            "warning: AUTOSERVICE_CONFINE_TOOL is not a setting (did you mean"
                + " AUTOSERVICE_CONFINE_TOOLS?); it is ignored\n");
  }

  @Test
  void aBadLogFormatStopsConnectAndConfigAlike() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"log_format\": \"xml\"}");

    Result r = config(Map.of(), "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: " + file + ": log_format: \"xml\" (expected: text or json)\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentConfig.resolve(file, Map.of()))
        .hasMessage(file + ": log_format: \"xml\" (expected: text or json)");
  }
}
