package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AcknowledgeAlertRequest;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.Alert;
import io.autoservice.proto.v1.AlertState;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAlertsRequest;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.testsupport.Eventually;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed failing SMART output, end to end on loopback: a real controller with the alert webhook
 * and email configured, a real agent process whose smartctl is the replaying fake tool
 * (fixtures/replays/smartctl_report/failing-drives), a dispatched drive report; the alert reaches a
 * local HTTP receiver (signature checked) and an in-process SMTP server, and the console API lists
 * it and acknowledges it (audited).
 */
class AlertsIT {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String SECRET = "e2e-webhook-secret";

  @TempDir Path dir;
  private ControllerServer server;
  private Process agent;
  private HttpServer http;
  private GreenMail mail;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    if (http != null) {
      http.stop(0);
    }
    if (mail != null) {
      mail.stop();
    }
  }

  @Test
  void shouldTakeAFailingDriveFromTheAgentToTheWebhookTheMailboxAndTheConsole() throws Exception {
    assertThat(FleetProcesses.AGENT_JAR)
        .as("built agent jar (run 'mvn package' first)")
        .isRegularFile();
    // given a webhook receiver and a mail server on loopback
    List<String> verified = new CopyOnWriteArrayList<>();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/alerts",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String ts = ex.getRequestHeaders().getFirst("X-AutoService-Timestamp");
          String sig = ex.getRequestHeaders().getFirst("X-AutoService-Signature");
          boolean ok = sig != null && sig.equals("sha256=" + hmac(ts, body));
          if (ok) {
            verified.add(new String(body, StandardCharsets.UTF_8));
          }
          ex.sendResponseHeaders(ok ? 204 : 401, -1);
          ex.close();
        });
    http.start();
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    Path secret = dir.resolve("webhook.secret");
    Files.writeString(secret, SECRET + "\n");
    Path config = dir.resolve("controller.json");
    Files.writeString(
        config,
        Json.compact(
            Json.mapper()
                .valueToTree(
                    Map.of(
                        "web_listen",
                        "",
                        "management_listen",
                        "",
                        "alerts",
                        Map.of(
                            "webhook_url",
                            "http://127.0.0.1:" + http.getAddress().getPort() + "/alerts",
                            "webhook_secret_file",
                            secret.toString(),
                            "smtp_host",
                            "127.0.0.1",
                            "smtp_port",
                            mail.getSmtp().getPort(),
                            "smtp_security",
                            "none",
                            "smtp_from",
                            "fleet@shop.example",
                            "smtp_to",
                            List.of("tech@shop.example"))))));

    // and a controller, and an agent whose smartctl replays a failing NVMe drive
    server =
        ControllerServer.start(
            ControllerSettings.load(config).with("127.0.0.1:0", dir.resolve("controller")),
            Clock.systemUTC(),
            true);
    String token = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    ProcessBuilder pb =
        new ProcessBuilder(
                JAVA,
                "-XX:+UseSerialGC",
                "-jar",
                FleetProcesses.AGENT_JAR.toString(),
                "connect",
                "--insecure",
                "--controller",
                "127.0.0.1:" + server.address().port(),
                "--data",
                dir.resolve("agent").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile());
    pb.environment()
        .put(
            "AUTOSERVICE_TOOL_SMARTCTL",
            FleetProcesses.FIXTURES.resolve("fake-tools/replay").toString());
    pb.environment()
        .put(
            "FAKE_REPLAY_DIR",
            FleetProcesses.FIXTURES.resolve("replays/smartctl_report/failing-drives").toString());
    agent = pb.start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.address().port()).usePlaintext().build();
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    ConsoleServiceGrpc.ConsoleServiceBlockingStub console =
        ConsoleServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    String agentId =
        Eventually.until(
                "the agent connected (see " + dir.resolve("agent.log") + ")",
                Duration.ofSeconds(30),
                () -> console.listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList(),
                l -> !l.isEmpty())
            .get(0)
            .getAgentId();

    // when a technician dispatches the drive report
    console.dispatch(
        DispatchRequest.newBuilder()
            .setPlan(
                WireMapper.toProto(
                    PlanParser.parseFile(
                        FleetProcesses.FIXTURES.resolve("plans/drives-smartctl-report.json"))))
            .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
            .build());

    // then the webhook gets the failing drive's alert, signed
    Eventually.until(
        "a verified webhook call about the failed drive",
        Duration.ofSeconds(30),
        () -> verified.stream().anyMatch(b -> b.contains("smart_health_failed")));
    JsonNode hook =
        Json.parse(
            verified.stream()
                .filter(b -> b.contains("smart_health_failed"))
                .findFirst()
                .orElseThrow());
    assertThat(hook.path("agent_id").asText()).isEqualTo(agentId);
    assertThat(hook.path("subject").asText()).isEqualTo("/dev/nvme0");
    assertThat(hook.path("severity").asText()).isEqualTo("critical");

    // and the mailbox gets it (one mail per alert: failed, and 98 % worn)
    assertThat(mail.waitForIncomingEmail(30_000, 2)).isTrue();
    assertThat(List.of(mail.getReceivedMessages()))
        .extracting(MimeMessage::getSubject)
        .anyMatch(s -> s.startsWith("[AutoService] CRITICAL smart_health_failed on "));

    // and the console lists it, open
    List<Alert> listed =
        console
            .listAlerts(ListAlertsRequest.newBuilder().setAgentId(agentId).build())
            .getAlertsList();
    Alert failed =
        listed.stream()
            .filter(a -> a.getRule().equals("smart_health_failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.getState()).isEqualTo(AlertState.ALERT_STATE_OPEN);
    assertThat(failed.getMessage()).contains("FAILED its SMART health check");
    assertThat(listed).extracting(Alert::getRule).contains("smart_wear");

    // when the technician acknowledges it
    Alert acked =
        console
            .acknowledgeAlert(
                AcknowledgeAlertRequest.newBuilder()
                    .setId(failed.getId())
                    .setNote("replacement drive ordered")
                    .build())
            .getAlert();

    // then it shows who and when, and the audit log has it
    assertThat(acked.getState()).isEqualTo(AlertState.ALERT_STATE_ACKED);
    assertThat(acked.getAckedBy()).isEqualTo("admin");
    assertThat(acked.getAckNote()).isEqualTo("replacement drive ordered");
    assertThat(console.listAudit(ListAuditRequest.getDefaultInstance()).getEntriesList())
        .anyMatch(
            e ->
                e.getAction().equals("alert_ack")
                    && e.getTarget().equals("alert " + failed.getId()));
  }

  private static String hmac(String ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
