package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The New run page's Dispatch, as the browser sends it (gRPC-Web with a JSON plan): the controller
 * decodes it and answers with the plan checks' own refusals, as it does the CLI's.
 */
class WebDispatchIT {
  @TempDir Path data;
  private ControllerServer server;
  private WebClient admin;

  @BeforeEach
  void start() throws Exception {
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .with("127.0.0.1:0", data)
                .withWebListen("127.0.0.1:0"),
            Clock.systemUTC());
    String token = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    admin =
        new WebClient(
            URI.create("https://" + server.webAddress().orElseThrow() + "/"),
            server.caFile().orElseThrow());
    assertThat(admin.login("{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aJsonPlanFromTheBrowserIsDecodedAndRefusedByThePlanChecksNamingTheField() throws Exception {
    WebClient.GrpcAnswer answer =
        admin.call(
            "Dispatch",
            "{\"plan\":{\"tasks\":[{\"type\":\"Not A Type!\",\"params\":{\"count\":3}}],"
                + "\"metadata\":{\"customer_name\":\"Zoë\"}},\"all\":true}");

    assertThat(answer.status()).isEqualTo(3); // INVALID_ARGUMENT, not UNKNOWN
    assertThat(answer.message()).contains("tasks[0].type");
  }

  @Test
  void aPlanNestedFarTooDeepIsRefusedAndTheServerGoesOn() throws Exception {
    int depth = 20_000; // far past the plan gate's 16 levels and protobuf's 100
    String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    WebClient.GrpcAnswer answer =
        admin.call(
            "Dispatch",
            "{\"plan\":{\"tasks\":[{\"type\":\"ping_test\"}],\"metadata\":"
                + deep
                + "},\"all\":true}");

    assertThat(answer.status()).as(answer.message()).isEqualTo(3); // INVALID_ARGUMENT
    assertThat(answer.message()).startsWith("request: not a readable message");
    assertThat(admin.call("ListAgents", "{}").status()).as("the server still answers").isZero();
  }
}
