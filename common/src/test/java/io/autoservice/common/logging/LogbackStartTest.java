package io.autoservice.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh process's first log line is the only thing on its stderr and nothing reaches stdout: the
 * agent's stderr carries the classic protocol and its stdout the report, so Logback's own start-up
 * chatter must not appear on either.
 */
class LogbackStartTest {
  @Test
  void aFreshProcessPrintsItsLogLineAndNothingElse() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LogbackStartProbe.class.getName())
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out).isEmpty();
    assertThat(err).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z WARN  probe.Start probe started\\n");
  }
}
