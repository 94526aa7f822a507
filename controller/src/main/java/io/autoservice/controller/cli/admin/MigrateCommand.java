package io.autoservice.controller.cli.admin;

import io.autoservice.console.render.Terminal;
import io.autoservice.controller.backup.BackupException;
import io.autoservice.controller.backup.StoreMigration;
import io.autoservice.controller.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code controller migrate --to postgresql://…}: the embedded store moved into PostgreSQL. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Copies a stopped controller's embedded store (agents, runs, events, reports, users and"
          + " their password and token hashes, audit, enrolment tokens, certificates) into an"
          + " empty PostgreSQL database, in one transaction, then compares the row counts of"
          + " every table and prints them.",
      "The schema is created by the controller's own migrations. A database that already holds"
          + " rows is refused. The embedded store is left as it was.",
      "Afterwards set store_url (and store_user, store_password_file) in the controller's"
          + " settings and start it.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error."
    })
public final class MigrateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--to",
      paramLabel = "URL",
      required = true,
      description = "The PostgreSQL database: postgresql://host:port/database.")
  String to;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "The stopped controller's data folder. Default: ./${DEFAULT-VALUE}.")
  Path data;

  @Option(names = "--user", paramLabel = "USER", description = "The PostgreSQL user.")
  String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "A file holding the PostgreSQL user's password.")
  Path passwordFile;

  @Override
  public Integer call() {
    PrintWriter err = new Terminal(spec.commandLine().getErr());
    try {
      String password = passwordFile == null ? null : Files.readString(passwordFile).strip();
      StoreLocation location = StoreLocation.of(to, user, password, 2);
      Map<String, Long> counts =
          StoreMigration.copy(data, location, line -> BackupCommand.progress(err, line));
      err.println("migrated " + data.toAbsolutePath() + " to " + location + ":");
      counts.forEach((table, rows) -> err.println("  " + table + ": " + rows + " rows"));
      err.println(
          "now set store_url: " + to + " (with store_user and store_password_file) and start it");
      err.flush();
      return 0;
    } catch (BackupException | IOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
