package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's door, over real HTTPS from a client that trusts only the controller's CA:
 * sign-in by password and by token, the session cookie's attributes, CSRF on every call, roles as
 * for the CLI, audit entries that say "web" and the address, sign-out that kills the session, the
 * per-address throttle, and the security headers.
 */
class WebSignInIT {
  private static final String PASSWORD = "correct horse battery";

  @TempDir Path data;
  private ControllerServer server;
  private String adminToken;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .with("127.0.0.1:0", data)
                .withWebListen("127.0.0.1:0"),
            Clock.systemUTC());
    adminToken = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    base = URI.create("https://" + server.webAddress().orElseThrow() + "/");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebClient client() throws Exception {
    return new WebClient(base, server.caFile().orElseThrow());
  }

  @Test
  void passwordSignInGivesAStrictSessionCookieAndCallsNeedTheCsrfToken() throws Exception {
    server.setPassword("admin", PASSWORD);
    WebClient web = client();

    HttpResponse<String> wrong = web.login("{\"user\":\"admin\",\"password\":\"wrong password!\"}");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong user name or password");

    HttpResponse<String> ok = web.login("{\"user\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("__Host-as-session=")
        .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=");
    assertThat(ok.body()).contains("\"role\":\"admin\"").doesNotContain(adminToken);

    WebClient.GrpcAnswer noCsrf = web.call("ListAgents", "{}", false);
    assertThat(noCsrf.status()).as(noCsrf.message()).isEqualTo(7); // PERMISSION_DENIED
    assertThat(noCsrf.message()).contains("CSRF");

    WebClient.GrpcAnswer listed = web.call("ListUsers", "{}");
    assertThat(listed.status()).as(listed.message()).isZero();
    assertThat(listed.body().toString()).contains("\"name\":\"admin\"", "\"hasPassword\":true");
  }

  @Test
  void aViewerIsRefusedADispatchAndTheAuditSaysItCameFromTheWeb() throws Exception {
    WebClient admin = client();
    assertThat(admin.login("{\"token\":\"" + adminToken + "\"}").statusCode()).isEqualTo(200);
    WebClient.GrpcAnswer added =
        admin.call("AddUser", "{\"name\":\"vera\",\"role\":\"USER_ROLE_VIEWER\"}");
    assertThat(added.status()).as(added.message()).isZero();
    String viewerToken = added.body().get("token").asText();

    WebClient viewer = client();
    assertThat(viewer.login("{\"token\":\"" + viewerToken + "\"}").statusCode()).isEqualTo(200);
    WebClient.GrpcAnswer refused =
        viewer.call("Dispatch", "{\"plan\":{\"tasks\":[{\"type\":\"ping_test\"}]},\"all\":true}");
    assertThat(refused.status()).isEqualTo(7);
    assertThat(refused.message()).isEqualTo("role viewer may not dispatch");

    WebClient.GrpcAnswer audit = admin.call("ListAudit", "{\"actor\":\"vera\"}");
    assertThat(audit.status()).as(audit.message()).isZero();
    assertThat(audit.body().toString())
        .contains(
            "\"action\":\"denied\"", "\"remoteAddr\":\"web 127.0.0.1:", "\"action\":\"login\"");
  }

  @Test
  void signOutEndsTheSessionOnTheServer() throws Exception {
    WebClient web = client();
    assertThat(web.login("{\"token\":\"" + adminToken + "\"}").statusCode()).isEqualTo(200);
    String oldCookie = web.cookie;

    assertThat(web.post("/api/logout", "", Map.of()).statusCode())
        .as("sign-out without the CSRF token")
        .isEqualTo(403);
    HttpResponse<String> out = web.post("/api/logout", "", Map.of("X-CSRF-Token", web.csrf));
    assertThat(out.statusCode()).isEqualTo(204);

    WebClient replay = client();
    replay.cookie = oldCookie;
    replay.csrf = web.csrf;
    assertThat(replay.get("/api/session").statusCode()).isEqualTo(401);
    assertThat(replay.call("ListAgents", "{}").status()).isEqualTo(16); // UNAUTHENTICATED
  }

  @Test
  void aRevokedUsersSessionEndsAtItsNextCall() throws Exception {
    WebClient admin = client();
    admin.login("{\"token\":\"" + adminToken + "\"}");
    String token =
        admin
            .call("AddUser", "{\"name\":\"tom\",\"role\":\"USER_ROLE_TECHNICIAN\"}")
            .body()
            .get("token")
            .asText();
    WebClient tom = client();
    assertThat(tom.login("{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(200);
    assertThat(tom.call("ListAgents", "{}").status()).isZero();

    assertThat(admin.call("RevokeUser", "{\"name\":\"tom\"}").status()).isZero();
    assertThat(tom.call("ListAgents", "{}").status()).isEqualTo(16);
    assertThat(tom.get("/api/session").statusCode()).isEqualTo(401);
  }

  @Test
  void repeatedFailuresFromOneAddressAreThrottled() throws Exception {
    WebClient web = client();
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      assertThat(web.login("{\"token\":\"made-up-" + i + "\"}").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = web.login("{\"token\":\"" + adminToken + "\"}");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.body()).contains("too many failed sign-ins");
  }

  @Test
  void badSignInRequestsNameTheField() throws Exception {
    WebClient web = client();
    assertThat(web.login("{\"user\":\"admin\"}").body()).contains("password: expected");
    assertThat(web.login("[1]").body()).contains("request: expected a JSON object");
    assertThat(web.get("/api/session").statusCode()).isEqualTo(401);
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> r = client().get("/api/session");
    assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(r.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(r.headers().firstValue("x-frame-options")).contains("DENY");
    assertThat(r.headers().firstValue("referrer-policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("cache-control")).contains("no-store");
  }

  @Test
  void taskSchemasAndPresetsAreServedToASignedInBrowserOnly() throws Exception {
    WebClient web = client();
    assertThat(web.get("/api/presets").statusCode()).isEqualTo(401);
    web.login("{\"token\":\"" + adminToken + "\"}");
    HttpResponse<String> presets = web.get("/api/presets");
    assertThat(presets.statusCode()).isEqualTo(200);
    assertThat(presets.body())
        .contains("\"diagnostics\"", "\"general\"", "\"complete\"", "\"custom\"");
    HttpResponse<String> shop = web.get("/api/shop");
    assertThat(shop.body())
        .contains("\"name\":\"Computer service\"", "\"agentAddress\":\"" + server.address() + "\"");
    WebClient.GrpcAnswer schemas = web.call("GetTaskSchemas", "{}");
    assertThat(schemas.status()).as(schemas.message()).isZero();
  }
}
