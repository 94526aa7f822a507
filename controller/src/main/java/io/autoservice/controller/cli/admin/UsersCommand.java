package io.autoservice.controller.cli.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.auth.Role;
import io.autoservice.common.json.Json;
import io.autoservice.common.tls.SecretFile;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.client.UserAdmin;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.verbs.ConsoleCommand;
import io.autoservice.console.verbs.ConsoleVerb;
import io.autoservice.console.verbs.ControllerTarget;
import io.autoservice.console.verbs.Converters;
import io.autoservice.console.view.UserRow;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code controller users add|list|revoke}: console accounts. By default through a running
 * controller with an admin's token (the same {@code --controller}, {@code --token} and {@code
 * --token-file} as the console); with {@code --data DIR} directly on a stopped controller's
 * database, the way back in when no admin token is left. Exit codes are the console's.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = {
      "Manages console users: add (prints the new token once), list, revoke, password (for the"
          + " web console).",
      "Through a running controller with an admin token by default; with --data DIR directly on"
          + " a stopped controller's database.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error; 3 controller unreachable;"
          + " 4 not authenticated or not an admin."
    },
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Revoke.class,
      UsersCommand.Password.class,
      CommandLine.HelpCommand.class
    })
public final class UsersCommand extends ControllerTarget implements Callable<Integer> {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Work directly on the database in this controller data folder instead (the controller"
              + " must be stopped).")
  Path data;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: a verb is missing (add, list, revoke)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ConsoleCommand.EXIT_USAGE;
  }

  /** A {@code users} verb: through the controller, or on the database with {@code --data}. */
  abstract static class UsersVerb extends ConsoleVerb {
    abstract int run(UserAdmin admin) throws Exception;

    @Override
    protected final int run(ConsoleClient client) throws Exception {
      return run((UserAdmin) client);
    }

    @Override
    protected int execute() throws Exception {
      UsersCommand users = (UsersCommand) console;
      if (users.data == null) {
        return super.execute();
      }
      if (users.token != null || users.tokenFile != null) {
        throw new UsageException(
            "--data works on the database directly; --token and --token-file are for a running"
                + " controller (give one or the other)");
      }
      try (LocalUsers local = LocalUsers.open(users.data)) {
        return run(local);
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a user and prints its token on stdout. The token is shown only this once; the"
            + " controller keeps only its SHA-256.",
        "Roles: viewer (list, watch, reports), technician (+ dispatch, cancel), admin (+ agent"
            + " enrolment and revocation, users, audit)."
      })
  static final class Add extends UsersVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "1 to 64 letters, digits, . _ - @.")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        required = true,
        converter = Converters.RoleConverter.class,
        description = "viewer, technician or admin.")
    Role role;

    @Option(
        names = "--save-to",
        paramLabel = "FILE",
        description = "Write the token to FILE (readable by you only) instead of printing it.")
    Path saveTo;

    @Override
    int run(UserAdmin admin) throws Exception {
      UserRow.Created created = admin.addUser(name, role);
      if (saveTo != null) {
        SecretFile.write(saveTo, created.token() + System.lineSeparator());
        err()
            .println(
                "user "
                    + name
                    + " ("
                    + role.wireName()
                    + ") created; token written to "
                    + saveTo.toAbsolutePath());
      } else {
        out().println(created.token());
        err()
            .println(
                "user "
                    + name
                    + " ("
                    + role.wireName()
                    + ") created; the token above is shown only this once");
      }
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"Lists users by name.", "Columns: NAME, ROLE, CREATED, REVOKED (local time)."})
  static final class ListUsers extends UsersVerb {
    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    int run(UserAdmin admin) {
      List<UserRow> users = admin.users();
      if (json) {
        ArrayNode list = Json.array();
        users.forEach(u -> list.add(json(u)));
        out().json(list);
        return ConsoleCommand.EXIT_OK;
      }
      ZoneId zone = ZoneId.systemDefault();
      Table t = new Table("NAME", "ROLE", "CREATED", "REVOKED");
      for (UserRow u : users) {
        t.add(
            u.name(),
            u.role() == null ? "?" : u.role().wireName(),
            Times.local(u.createdAt(), zone),
            Times.local(u.revokedAt(), zone));
      }
      t.print(out());
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revokes a user's token at once: its next call is refused. The name stays taken and in"
            + " the audit log."
      })
  static final class Revoke extends UsersVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Option(names = "--json", description = "Print the user as JSON.")
    boolean json;

    @Override
    int run(UserAdmin admin) {
      UserRow u = admin.revokeUser(name);
      if (json) {
        ObjectNode o = json(u);
        out().json(o);
      } else {
        out()
            .println(
                "user "
                    + u.name()
                    + " revoked at "
                    + Times.local(u.revokedAt(), ZoneId.systemDefault()));
      }
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "password",
      mixinStandardHelpOptions = true,
      description = {
        "Sets a user's password for the web console, read from the terminal without echo, or"
            + " as the first line of stdin when it is not a terminal. 12 to 256 characters; the"
            + " controller keeps only a salted Argon2id hash."
      })
  static final class Password extends UsersVerb {
    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    int run(UserAdmin admin) throws Exception {
      String password = readPassword();
      if (password == null || password.isEmpty()) {
        throw new UsageException("no password given on the terminal or stdin");
      }
      admin.setPassword(name, password);
      err().println("password set for " + name + "; it signs in to the web console");
      return ConsoleCommand.EXIT_OK;
    }

    private String readPassword() throws Exception {
      java.io.Console terminal = System.console();
      if (terminal != null) {
        char[] first = terminal.readPassword("password for %s: ", name);
        char[] again = terminal.readPassword("again: ");
        if (first == null || again == null || !java.util.Arrays.equals(first, again)) {
          throw new UsageException("the two passwords differ");
        }
        return new String(first);
      }
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      return in.readLine();
    }
  }

  private static ObjectNode json(UserRow u) {
    ObjectNode o = Json.object();
    o.put("name", u.name());
    o.put("role", u.role() == null ? null : u.role().wireName());
    o.put("created_at", Times.iso(u.createdAt()));
    o.put("revoked_at", Times.iso(u.revokedAt()));
    return o;
  }
}
