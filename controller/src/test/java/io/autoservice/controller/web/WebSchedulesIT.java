package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Schedules page's calls over the web console's door (gRPC-Web with JSON, as the page's scripts
 * send them): windows, create, list with the next occurrence, run now, occurrences, pause, delete,
 * and a refusal that names its field.
 */
class WebSchedulesIT {
  @TempDir Path data;
  private ControllerServer server;
  private WebClient web;

  @BeforeEach
  void start() throws Exception {
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .with("127.0.0.1:0", data)
                .withWebListen("127.0.0.1:0"),
            Clock.systemUTC());
    String adminToken = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    web =
        new WebClient(
            URI.create("https://" + server.webAddress().orElseThrow() + "/"),
            server.caFile().orElseThrow());
    assertThat(web.login("{\"token\":\"" + adminToken + "\"}").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode ok(String method, String json) throws Exception {
    WebClient.GrpcAnswer a = web.call(method, json);
    assertThat(a.status()).as(method + ": " + a.message()).isZero();
    return a.body();
  }

  @Test
  void shouldManageSchedulesAndWindowsAsThePageDoes() throws Exception {
    ok(
        "SetMaintenanceWindow",
        "{\"window\":{\"labelKey\":\"site\",\"labelValue\":\"front-desk\",\"days\":[\"mon-fri\"],"
            + "\"from\":\"19:00\",\"to\":\"07:00\",\"timeZone\":\"Europe/Berlin\"}}");
    assertThat(ok("ListMaintenanceWindows", "{}").get("windows").get(0).get("days").toString())
        .isEqualTo("[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]");

    String plan = "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{}}],\"metadata\":{}}";
    JsonNode created =
        ok(
            "CreateSchedule",
            "{\"schedule\":{\"name\":\"nightly\",\"plan\":"
                + plan
                + ",\"cron\":\"0 19 * * 1-5\",\"timeZone\":\"Europe/Berlin\",\"every\":\"\","
                + "\"catchUpSeconds\":21600,\"jitterSeconds\":600,"
                + "\"labels\":{\"site\":\"front-desk\"}},\"paused\":false}");
    assertThat(created.get("schedule").get("nextOccurrence").asText()).endsWith(":00:00Z");

    JsonNode listed = ok("ListSchedules", "{}").get("schedules").get(0);
    assertThat(listed.get("name").asText()).isEqualTo("nightly");
    assertThat(listed.get("catchUpSeconds").asText()).isEqualTo("21600");
    assertThat(listed.get("enabled").asBoolean()).isTrue();

    assertThat(ok("RunScheduleNow", "{\"name\":\"nightly\"}").path("agents").asInt()).isZero();
    JsonNode occ = ok("ListScheduleOccurrences", "{\"name\":\"nightly\",\"limit\":200}");
    assertThat(occ.get("empty").get(0).get("note").asText())
        .isEqualTo("no agent carries the labels {site=front-desk}");

    ok("SetScheduleEnabled", "{\"name\":\"nightly\",\"enabled\":false}");
    assertThat(ok("ListSchedules", "{}").get("schedules").get(0).path("enabled").asBoolean())
        .isFalse();

    WebClient.GrpcAnswer bad =
        web.call(
            "CreateSchedule",
            "{\"schedule\":{\"name\":\"bad\",\"plan\":"
                + plan
                + ",\"cron\":\"61 * * * *\",\"all\":true}}");
    assertThat(bad.status()).isEqualTo(3);
    assertThat(bad.message()).startsWith("cron: expected 5 fields");

    ok("DeleteSchedule", "{\"name\":\"nightly\"}");
    assertThat(ok("ListSchedules", "{}").path("schedules").size()).isZero();
  }
}
