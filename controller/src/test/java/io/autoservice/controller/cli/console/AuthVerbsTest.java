package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.auth.Role;
import io.autoservice.common.json.Json;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, roles and the audit log as a technician meets them on the command line. */
class AuthVerbsTest {
  static final String NL = System.lineSeparator();

  @TempDir Path dir;
  ConsoleHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir.resolve("data"));
    h.agent("agent-a", "PC-ALPHA", Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void shouldExitFourWithOneLineWithoutToken() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw("console", "--controller", h.address, "--insecure", "agents");

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: the controller refused the token (missing bearer token;"
                + " give one with --token-file FILE, --token TOKEN, $AUTOSERVICE_TOKEN or $AUTOSERVICE_TOKEN_FILE)"
                + NL);
  }

  @Test
  void shouldExitFourForAWrongToken() {
    ConsoleHarness.Result r = h.consoleAs("not-a-real-token", "runs");

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err())
        .isEqualTo("error: the controller refused the token (invalid or revoked token)" + NL);
  }

  @Test
  void shouldExitFourWhenAViewerDispatches() {
    ConsoleHarness.Result r =
        h.consoleAs(h.addUser("watcher", Role.VIEWER), "dispatch", DispatchVerbTest.PLAN, "--all");

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err())
        .isEqualTo(
            "error: the controller at "
                + h.address
                + " refused the call: role viewer may not dispatch"
                + NL);
  }

  @Test
  void shouldTakeTheTokenFromAFileGivenAfterTheVerb() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "console",
            "--controller",
            h.address,
            "--insecure",
            "agents",
            "--token-file",
            h.adminTokenFile.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("PC-ALPHA");
  }

  @Test
  void shouldRefuseBothTokenFlagsAsAUsageError() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "console",
            "--controller",
            h.address,
            "--insecure",
            "--token",
            "x",
            "--token-file",
            h.adminTokenFile.toString(),
            "agents");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --token and --token-file: give one, not both");
  }

  @Test
  void shouldExitFourFromRunWithoutToken() {
    ConsoleHarness.Result r =
        ConsoleHarness.rawWithStdio(
            "",
            "console",
            "--controller",
            h.address,
            "--insecure",
            "run",
            "--agent",
            "agent-a",
            DispatchVerbTest.PLAN);

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("error: the controller refused the token (missing bearer token");
  }

  @Test
  void shouldListTheAuditLogForAnAdmin() throws Exception {
    assertThat(h.console("dispatch", DispatchVerbTest.PLAN, "--agent", "agent-a").code()).isZero();
    String admin = h.adminToken;

    ConsoleHarness.Result table = h.consoleAs(admin, "audit", "--limit", "5");
    ConsoleHarness.Result json = h.consoleAs(admin, "audit", "--action", "dispatch", "--json");
    ConsoleHarness.Result asTech = h.console("audit");

    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.outLines().get(0))
        .matches("ID +TIME +ACTOR +ACTION +FROM +PLAN +TARGET +DETAIL");
    assertThat(table.outLines().get(1))
        .matches(
            "\\d+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +tech +dispatch +127\\.0\\.0\\.1:\\d+ +[0-9a-f]{12}"
                + " +agents agent-a +1 run: .*");
    JsonNode entries = Json.parse(json.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("actor").asText()).isEqualTo("tech");
    assertThat(entries.get(0).get("plan_sha256").asText()).matches("[0-9a-f]{64}");
    assertThat(asTech.code()).isEqualTo(4);
    assertThat(asTech.err()).contains("role technician may not read the audit log");
  }

  @Test
  void shouldAddListAndRevokeUsersThroughTheController() throws Exception {
    String[] admin = {
      "--controller", h.address, "--insecure", "--token-file", h.adminTokenFile.toString()
    };

    ConsoleHarness.Result added =
        ConsoleHarness.raw(
            concat(new String[] {"users", "add", "anna", "--role", "viewer"}, admin));
    String token = added.out().strip();
    ConsoleHarness.Result listed =
        ConsoleHarness.raw(concat(new String[] {"users", "list", "--json"}, admin));
    ConsoleHarness.Result asAnna = h.consoleAs(token, "agents", "--json");
    ConsoleHarness.Result revoked =
        ConsoleHarness.raw(concat(new String[] {"users", "revoke", "anna"}, admin));
    ConsoleHarness.Result afterRevoke = h.consoleAs(token, "agents");

    assertThat(added.code()).as(added.err()).isZero();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(added.err())
        .contains("user anna (viewer) created; the token above is shown only this once");
    assertThat(Json.parse(listed.out()))
        .extracting(u -> u.get("name").asText() + "/" + u.get("role").asText())
        .containsExactly("admin/admin", "anna/viewer", "tech/technician");
    assertThat(asAnna.code()).isZero();
    assertThat(revoked.code()).isZero();
    assertThat(revoked.out()).startsWith("user anna revoked at ");
    assertThat(afterRevoke.code()).isEqualTo(4);
    JsonNode audit =
        Json.parse(h.consoleAs(h.adminToken, "audit", "--actor", "admin", "--json").out());
    assertThat(audit)
        .extracting(e -> e.get("action").asText() + " " + e.get("target").asText())
        .containsSubsequence("user_revoke anna", "user_add anna");
  }

  @Test
  void shouldSetAWebPasswordFromStdinAndRefuseAShortOne() throws Exception {
    String[] admin = {
      "--controller", h.address, "--insecure", "--token-file", h.adminTokenFile.toString()
    };

    ConsoleHarness.Result set =
        ConsoleHarness.rawWithStdio(
            "correct horse battery\n", concat(new String[] {"users", "password", "tech"}, admin));
    ConsoleHarness.Result tooShort =
        ConsoleHarness.rawWithStdio(
            "short\n", concat(new String[] {"users", "password", "tech"}, admin));
    ConsoleHarness.Result byTech =
        ConsoleHarness.rawWithStdio(
            "correct horse battery\n",
            "users",
            "password",
            "tech",
            "--controller",
            h.address,
            "--insecure",
            "--token",
            h.techToken);

    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.err()).contains("password set for tech");
    assertThat(tooShort.code()).isEqualTo(1);
    assertThat(tooShort.err()).contains("password: expected 12 to 256 characters, got 5");
    assertThat(byTech.code()).isEqualTo(4);
    JsonNode audit =
        Json.parse(h.consoleAs(h.adminToken, "audit", "--actor", "admin", "--json").out());
    assertThat(audit)
        .extracting(e -> e.get("action").asText() + " " + e.get("target").asText())
        .contains("user_password tech");
  }

  @Test
  void shouldRefuseUserManagementToATechnician() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "users",
            "add",
            "eve",
            "--role",
            "admin",
            "--controller",
            h.address,
            "--insecure",
            "--token",
            h.techToken);

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("role technician may not manage users");
  }

  @Test
  void shouldRefuseADuplicateUser() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "users",
            "add",
            "tech",
            "--role",
            "viewer",
            "--controller",
            h.address,
            "--insecure",
            "--token",
            h.adminToken);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: user tech already exists" + NL);
  }

  @Test
  void shouldManageUsersDirectlyOnAStoppedControllersDatabase() throws Exception {
    Path data = dir.resolve("data");
    String oldAdmin = h.adminToken;
    h.close();
    h = null;
    Path saved = dir.resolve("rescue.token");

    ConsoleHarness.Result added =
        ConsoleHarness.raw(
            "users",
            "add",
            "rescue",
            "--role",
            "admin",
            "--data",
            data.toString(),
            "--save-to",
            saved.toString());
    ConsoleHarness.Result revoked =
        ConsoleHarness.raw("users", "revoke", "admin", "--data", data.toString());
    ConsoleHarness.Result both =
        ConsoleHarness.raw("users", "list", "--data", data.toString(), "--token", "x");
    ConsoleHarness.Result nowhere =
        ConsoleHarness.raw("users", "list", "--data", dir.resolve("nope").toString());
    String rescue = Files.readString(saved).strip();
    ConsoleHarness.Result audit;
    ConsoleHarness.Result asOldAdmin;
    try (ControllerServer server =
        ControllerServer.start(
            ControllerSettings.defaults().withManagementListen("", null).with("127.0.0.1:0", data),
            Clock.systemUTC(),
            true)) {
      String address = "127.0.0.1:" + server.address().port();
      audit =
          ConsoleHarness.raw(
              "console",
              "--controller",
              address,
              "--insecure",
              "--token",
              rescue,
              "audit",
              "--json");
      asOldAdmin =
          ConsoleHarness.raw(
              "console", "--controller", address, "--insecure", "--token", oldAdmin, "runs");
      assertThat(server.adminTokenFile()).as("users exist: no new admin").isEmpty();
    }

    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).isEmpty();
    assertThat(revoked.code()).isZero();
    assertThat(both.code()).isEqualTo(2);
    assertThat(nowhere.code()).isEqualTo(1);
    assertThat(nowhere.err()).contains("no controller database in");
    assertThat(audit.code()).as(audit.err()).isZero();
    assertThat(Json.parse(audit.out()))
        .extracting(
            e ->
                e.get("actor").asText().startsWith("local:")
                    + " "
                    + e.get("action").asText()
                    + " "
                    + e.get("target").asText()
                    + " "
                    + e.get("remote_addr").asText())
        .contains("true user_add rescue local", "true user_revoke admin local");
    assertThat(asOldAdmin.code()).as("the admin revoked with --data").isEqualTo(4);
  }

  @Test
  void shouldPrintTheAdminTokenFileOwnerOnlyOnFirstStart() throws Exception {
    Path file = h.adminTokenFile;

    assertThat(file).isEqualTo(dir.resolve("data").resolve("admin.token").toAbsolutePath());
    assertThat(Files.readString(file).strip()).matches("[A-Za-z0-9_-]{43}");
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
