package io.autoservice.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.store.StoreLocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The store settings: which store, and a password that never shows. */
class StoreSettingsTest {
  private static final String SECRET = "hunter2-secret";

  @TempDir Path dir;

  private String[] config(Map<String, String> env) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ConfigCommand(env));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute();
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void shouldKeepTheEmbeddedStoreByDefault() throws Exception {
    StoreLocation where = ControllerSettings.defaults().storeLocation();

    assertThat(where.shared()).isFalse();
    assertThat(ControllerSettings.defaults().storePoolSize()).isEqualTo(16);
  }

  @Test
  void shouldUsePostgresNamedByTheEnvironmentWithThePasswordFromItsFileAndNeverPrintIt()
      throws Exception {
    Path passwordFile = Files.writeString(dir.resolve("pg-password"), SECRET + "\n");
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_STORE_URL", "postgresql://db.shop.lan:5432/autoservice",
            "AUTOSERVICE_STORE_USER", "autoservice",
            "AUTOSERVICE_STORE_PASSWORD_FILE", passwordFile.toString());

    StoreLocation where =
        ControllerSettings.resolve(null, env, null, null).settings().storeLocation();
    String[] printed = config(env);

    assertThat(where.url()).isEqualTo("jdbc:postgresql://db.shop.lan:5432/autoservice");
    assertThat(where.user()).isEqualTo("autoservice");
    assertThat(where.password()).isEqualTo(SECRET);
    assertThat(where.toString()).doesNotContain(SECRET);
    assertThat(printed[0]).as(printed[2]).isEqualTo("0");
    assertThat(printed[1])
        .contains("postgresql://db.shop.lan:5432/autoservice")
        .doesNotContain(SECRET);
  }

  @Test
  void shouldRefuseAStoreUrlThatIsNotPostgresNamingTheSetting() {
    assertThatThrownBy(
            () ->
                ControllerSettings.resolve(
                    null, Map.of("AUTOSERVICE_STORE_URL", "mysql://h/db"), null, null))
        .hasMessageContaining("store_url");
    String[] printed = config(Map.of("AUTOSERVICE_STORE_URL", "mysql://h/db"));
    assertThat(printed[0]).isEqualTo("1");
    assertThat(printed[2]).contains("store_url");
  }

  @Test
  void shouldRefuseAPasswordWrittenIntoTheStoreUrlWithoutRepeatingIt() {
    String[] printed =
        config(Map.of("AUTOSERVICE_STORE_URL", "postgresql://app:" + SECRET + "@h:5432/db"));

    assertThat(printed[0]).isEqualTo("1");
    assertThat(printed[2]).contains("store_url", "store_password_file").doesNotContain(SECRET);
  }

  @Test
  void shouldRefuseAPoolOfNoConnections() {
    assertThatThrownBy(
            () ->
                ControllerSettings.resolve(
                    null,
                    Map.of(
                        "AUTOSERVICE_STORE_URL", "postgresql://h/db",
                        "AUTOSERVICE_STORE_POOL_SIZE", "0"),
                    null,
                    null))
        .hasMessageContaining("store_pool_size");
  }
}
