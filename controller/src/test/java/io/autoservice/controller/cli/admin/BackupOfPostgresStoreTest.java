package io.autoservice.controller.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code controller backup} knows it cannot copy a store in PostgreSQL, and says what will. */
class BackupOfPostgresStoreTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseAPostgresStoreNamedInTheSettingsFileAndPointToPgDump() throws Exception {
    Path settings =
        Files.writeString(
            dir.resolve("controller.json"), "{\"store_url\": \"postgresql://db.lan:5432/fleet\"}");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BackupCommand(Map.of()));
    cl.setErr(new PrintWriter(err, true));

    int exit =
        cl.execute(
            "--to",
            dir.resolve("b.zip").toString(),
            "--data",
            dir.toString(),
            "--config",
            settings.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("PostgreSQL", "pg_dump");
    assertThat(dir.resolve("b.zip")).doesNotExist();
  }

  @Test
  void shouldRefuseAPostgresStoreNamedByTheEnvironment() {
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(
            new BackupCommand(Map.of("AUTOSERVICE_STORE_URL", "postgresql://db.lan:5432/fleet")));
    cl.setErr(new PrintWriter(err, true));

    int exit = cl.execute("--to", dir.resolve("b.zip").toString(), "--data", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("pg_dump");
  }
}
