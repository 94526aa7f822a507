package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A plan that cannot run: exit 1, one clear line on stderr, a failure report on stdout. */
class AgentBadInputIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad JSON | {\"tasks\": [ {\"type\": \"hello_service\" } | invalid JSON at line",
        "task not an object | {\"tasks\": [ {\"type\": \"hello_service\"}, 42 ]} | tasks[1]: expected a task object, got the number 42",
        "type missing | {\"tasks\": [ {\"name\": \"x\"} ]} | tasks[0]: \"type\" is missing",
        "wrong param type | {\"tasks\": [ {\"type\": \"ping_test\", \"host\": \"127.0.0.1\", \"count\": \"four\"} ]} | tasks[0].count: expected an integer, got the string \"four\"",
        "bad timeout | {\"tasks\": [ {\"type\": \"hello_service\", \"timeout_seconds\": -5} ]} | tasks[0].timeout_seconds: -5 is out of range",
        "empty file | '' | is empty",
      })
  void shouldRefuseABadPlanWithOneLineAndAFailureReport(
      String label, String content, String expected) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, content);

    for (String dialect : new String[] {"seed", "autoservice"}) {
      AgentProcess.Outcome run = AgentProcess.run("run", plan.toString(), "--markers", dialect);

      assertThat(run.exitCode()).as(dialect).isEqualTo(1);
      assertThat(run.stderrLines())
          .filteredOn(l -> l.startsWith("error: "))
          .singleElement()
          .asString()
          .contains(expected);
      assertThat(run.stderr()).doesNotContain("Exception", "\tat ");
      JsonNode report = JSON.readTree(run.stdout());
      if (dialect.equals("seed")) {
        assertThat(report.path("status").asText()).isEqualTo("error");
        assertThat(report.path("tasks")).isEmpty();
      } else {
        assertThat(report.path("overall_status").asText()).isEqualTo("failure");
        assertThat(report.path("results")).isEmpty();
      }
      assertThat(report.path("error").asText()).contains(expected);
    }
  }

  @Test
  void shouldRefuseAMissingPlanFile() throws Exception {
    Path missing = tmp.resolve("nope/plan.json");

    AgentProcess.Outcome run = AgentProcess.run("run", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("error: plan: no such file: " + missing);
    assertThat(JSON.readTree(run.stdout()).path("status").asText()).isEqualTo("error");
  }

  @Test
  void shouldAcceptAPlanWithAUtf8Bom() throws Exception {
    Path plan = tmp.resolve("bom.json");
    byte[] body =
        "{\"type\":\"hello_service\",\"name\":\"bom\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(plan, withBom);

    AgentProcess.Outcome run = AgentProcess.run("run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Hello, bom!");
  }

  @Test
  void shouldExitTwoOnAUsageError() {
    assertThat(AgentProcess.run("run").exitCode()).isEqualTo(2);
    AgentProcess.Outcome badDialect = AgentProcess.run("run", "x.json", "--markers", "klingon");
    assertThat(badDialect.exitCode()).isEqualTo(2);
    assertThat(badDialect.stderr()).contains("expected: seed or autoservice");
  }

  @Test
  void shouldPrintHelp() {
    AgentProcess.Outcome top = AgentProcess.run("--help");
    AgentProcess.Outcome run = AgentProcess.run("run", "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.stdout()).contains("run", "validate", "tasks");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("--output-file", "--log-file", "--markers");
  }
}
