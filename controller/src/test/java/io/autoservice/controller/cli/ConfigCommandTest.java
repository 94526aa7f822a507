package io.autoservice.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
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

  private Path settingsFile(String json) throws Exception {
    return Files.writeString(dir.resolve("controller.json"), json);
  }

  @Test
  void printsEveryKeyWithItsValueAndWhereItCameFrom() throws Exception {
    Path file = settingsFile("{\"listen\": \"0.0.0.0:7443\", \"heartbeat_seconds\": 20}");

    Result r =
        config(
            Map.of("AUTOSERVICE_HEARTBEAT_SECONDS", "15", "AUTOSERVICE_LOG_FORMAT", "json"),
            "--config",
            file.toString(),
            "--data",
            "/srv/autoservice");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .anyMatch(l -> l.matches("listen +=\\s0\\.0\\.0\\.0:7443  \\(file " + file + "\\)"))
        .anyMatch(
            l -> l.matches("heartbeat_seconds +=\\s15  \\(env AUTOSERVICE_HEARTBEAT_SECONDS\\)"))
        .anyMatch(l -> l.matches("data_dir +=\\s/srv/autoservice  \\(flag --data\\)"))
        .anyMatch(l -> l.matches("log_format +=\\sjson  \\(env AUTOSERVICE_LOG_FORMAT\\)"))
        .anyMatch(l -> l.matches("log_file_max_mb +=\\s10  \\(default\\)"))
        .anyMatch(l -> l.matches("offline_grace_seconds +=\\s90  \\(default\\)"));
    assertThat(r.out().lines().count())
        .isEqualTo(
            io.autoservice.controller.server.ControllerSettings.class.getRecordComponents().length);
  }

  @Test
  void jsonGivesValueAndSourcePerKeyFilePathsShown() throws Exception {
    Result r =
        config(
            Map.of(
                "AUTOSERVICE_MANAGEMENT_TOKEN_FILE", "/etc/autoservice/scrape.token",
                "AUTOSERVICE_TLS_SERVER_NAMES", "fleet.shop.lan,10.0.0.5",
                "AUTOSERVICE_SHOP", "{\"name\": \"Bob's PCs\"}"),
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode o = Json.mapper().readTree(r.out());
    assertThat(o.get("management_token_file").get("value").asText())
        .isEqualTo("/etc/autoservice/scrape.token");
    assertThat(o.get("tls_server_names").get("value").toString())
        .isEqualTo("[\"fleet.shop.lan\",\"10.0.0.5\"]");
    assertThat(o.get("tls_server_names").get("source").asText())
        .isEqualTo("env AUTOSERVICE_TLS_SERVER_NAMES");
    assertThat(o.get("shop").get("value").get("name").asText()).isEqualTo("Bob's PCs");
    assertThat(o.get("listen").get("source").asText()).isEqualTo("default");
  }

  @Test
  void aBadVariableStopsWithItsName() {
    Result r = config(Map.of("AUTOSERVICE_HEARTBEAT_SECONDS", "x"));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: AUTOSERVICE_HEARTBEAT_SECONDS: \"x\" is not a number\n");
  }

  @Test
  void aValueTheSettingsRefuseNamesTheVariable() {
    Result r = config(Map.of("AUTOSERVICE_LOG_FORMAT", "xml"));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error: AUTOSERVICE_LOG_FORMAT: log_format: \"xml\" (expected: text or json)\n");
  }

  @Test
  void anUnknownFileKeyStopsWithTheKey() throws Exception {
    Path file = settingsFile("{\"heartbeat_secs\": 5}");

    Result r = config(Map.of(), "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: " + file + ": unknown key \"heartbeat_secs\"");
  }

  @Test
  void aMisspeltVariableIsWarnedAboutAndIgnored() {
    Result r = config(Map.of("AUTOSERVICE_HEARTBEAT_SECOND", "5", "AUTOSERVICE_TOKEN", "t0k"));

    assertThat(r.code()).isZero();
    assertThat(r.err())
        .isEqualTo(
            "warning: AUTOSERVICE_HEARTBEAT_SECOND is not a setting (did you mean"
                + " AUTOSERVICE_HEARTBEAT_SECONDS?); it is ignored\n");
    assertThat(r.out()).contains("heartbeat_seconds").doesNotContain("t0k");
  }

  @Test
  void theControllerCommandLineHasIt() throws Exception {
    Path file = settingsFile("{\"web_listen\": \"\"}");
    StringWriter out = new StringWriter();
    CommandLine cl = ControllerMain.commandLine();
    cl.setOut(new PrintWriter(out, true));

    int code = cl.execute("config", "--config", file.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).containsPattern("web_listen +=\\s+\\(file ");
  }
}
