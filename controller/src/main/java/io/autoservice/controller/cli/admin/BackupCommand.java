package io.autoservice.controller.cli.admin;

import io.autoservice.common.settings.SettingsException;
import io.autoservice.console.render.Terminal;
import io.autoservice.controller.backup.BackupException;
import io.autoservice.controller.backup.BackupWriter;
import io.autoservice.controller.backup.Sizes;
import io.autoservice.controller.server.ControllerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code controller backup --to FILE}: one file with the store and the CA, taken while it runs. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a backup of a controller's data folder to one file (a zip): a consistent snapshot of"
          + " the database (agents, users and their token hashes, enrolment tokens, certificates"
          + " issued, runs, events, reports, audit), the tls/ folder and a manifest (versions,"
          + " SHA-256 of each entry).",
      "The controller may keep running: the snapshot is taken by SQLite in one read transaction"
          + " and never holds up the controller's writes. Run it on the controller's machine, as"
          + " the controller's user.",
      "THE FILE HOLDS THE CA'S PRIVATE KEY (whoever has it can issue agent certificates the"
          + " controller trusts): it is created readable by you only; keep it that way.",
      "Not in it: the exported reports/ folders (a restored controller writes them again from the"
          + " database), admin.token, the settings file, and a CA or server certificate the"
          + " settings name outside the data folder (tls_ca_key_file and the like: back those up"
          + " yourself).",
      "Restore with: controller restore --from FILE --data DIR",
      "Exit status: 0 done; 1 refused or failed; 2 usage error."
    })
public final class BackupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--to",
      paramLabel = "FILE",
      required = true,
      description = "The backup file to write (e.g. fleet-2026-12-07.zip).")
  Path to;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "The controller's data folder. Default: ./${DEFAULT-VALUE}.")
  Path data;

  @Option(names = "--force", description = "Replace FILE when it exists.")
  boolean force;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The controller's settings file: a store in PostgreSQL is refused.")
  Path config;

  private final Map<String, String> env;

  public BackupCommand() {
    this(System.getenv());
  }

  BackupCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    // Paths and database messages reach the screen escaped, as every console line does.
    PrintWriter err = new Terminal(spec.commandLine().getErr());
    try {
      String storeUrl = ControllerSettings.resolve(config, env, null, data).settings().storeUrl();
      if (!storeUrl.isEmpty()) {
        err.println(
            "error: the store is in PostgreSQL (store_url is set): controller backup copies only"
                + " the embedded store; back the database up with pg_dump, and the data folder's"
                + " tls/ with it");
        err.flush();
        return 1;
      }
    } catch (SettingsException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    try {
      BackupWriter.Result r =
          new BackupWriter(Clock.systemUTC(), line -> progress(err, line)).write(data, to, force);
      err.println(
          "backup written: "
              + r.file()
              + " ("
              + Sizes.human(r.bytes())
              + ", "
              + r.manifest().entries().size()
              + " files + manifest; it holds the CA's private key: keep it safe)");
      err.flush();
      return 0;
    } catch (BackupException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static void progress(PrintWriter err, String line) {
    err.println(line);
    err.flush();
  }
}
