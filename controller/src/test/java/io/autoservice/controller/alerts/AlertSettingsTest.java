package io.autoservice.controller.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.controller.server.ControllerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerts} key of the controller's settings: defaults, and errors naming the field. */
class AlertSettingsTest {
  @TempDir Path dir;

  private ControllerSettings load(String alertsJson) throws IOException {
    return ControllerSettings.load(
        Files.writeString(dir.resolve("c.json"), "{\"alerts\": " + alertsJson + "}"));
  }

  @Test
  void shouldShipEveryBuiltInRuleOnWithItsThresholdsAndNoChannel() {
    AlertSettings s = ControllerSettings.defaults().alerts();
    assertThat(ReportRules.BUILT_IN).allMatch(s::ruleOn);
    assertThat(s.smartWearPercent()).isEqualTo(80);
    assertThat(s.diskUsedPercent()).isEqualTo(90);
    assertThat(s.offlineHours()).isEqualTo(24);
    assertThat(s.channels()).isEmpty();
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    assertThatThrownBy(() -> load("{\"disk_used_percent\": 150}"))
        .hasMessageContaining("alerts.disk_used_percent: 150 (expected: 1 to 100)");
    assertThatThrownBy(() -> load("{\"disabled_rules\": [\"smart_wearr\"]}"))
        .hasMessageContaining("alerts.disabled_rules: unknown rule 'smart_wearr'");
    assertThatThrownBy(
            () -> load("{\"webhook_url\": \"ftp://x/y\", \"webhook_secret_file\": \"s\"}"))
        .hasMessageContaining("alerts.webhook_url");
    assertThatThrownBy(() -> load("{\"webhook_url\": \"https://hooks.example/x\"}"))
        .hasMessageContaining("alerts.webhook_secret_file: missing");
    assertThatThrownBy(() -> load("{\"smtp_host\": \"mail\", \"smtp_from\": \"a@b\"}"))
        .hasMessageContaining("alerts.smtp_to");
    assertThatThrownBy(
            () ->
                load(
                    "{\"smtp_host\": \"mail\", \"smtp_from\": \"a@b\", \"smtp_to\": [\"c@d\"],"
                        + " \"smtp_security\": \"ssl3\"}"))
        .hasMessageContaining("alerts.smtp_security: 'ssl3' (expected: starttls, tls or none)");
    assertThatThrownBy(
            () ->
                load(
                    "{\"custom_rules\": [{\"name\": \"x\", \"task_type\": \"t\", \"field\": \"f\","
                        + " \"op\": \"like\"}]}"))
        .hasMessageContaining("alerts.custom_rules.x.op: 'like'");
    assertThatThrownBy(() -> load("{\"webhook_secret\": \"inline secrets are refused\"}"))
        .hasMessageContaining("webhook_secret");
  }

  @Test
  void shouldReadTheWebhookSecretFromItsFileOnly() throws Exception {
    Path secret = Files.writeString(dir.resolve("hook.secret"), "  very-secret\n");
    ControllerSettings c =
        load(
            "{\"webhook_url\": \"https://hooks.example/x\", \"webhook_secret_file\": \""
                + secret.toString().replace("\\", "\\\\")
                + "\"}");
    assertThat(new String(c.alerts().webhookSecret(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("very-secret");
    assertThat(c.alerts().channels()).containsExactly(WebhookChannel.NAME);
    assertThat(c.alerts().toString()).doesNotContain("very-secret");
  }
}
