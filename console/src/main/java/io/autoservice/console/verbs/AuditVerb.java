package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.view.AuditRow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code console audit}: the audit log, newest first (role admin). */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the audit log, newest first: dispatches, cancels, user changes, refused logins and"
          + " refused calls (role admin).",
      "Columns: ID, TIME (local), ACTOR, ACTION, FROM, PLAN (first 12 hex digits of its"
          + " SHA-256; --json has all 64), TARGET, DETAIL."
    })
public final class AuditVerb extends ConsoleVerb {
  private static final int MAX_LIMIT = 1_000;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most this many entries (up to 1000). Default: the controller's (100).")
  int limit;

  @Option(names = "--actor", paramLabel = "NAME", description = "Only entries by this user.")
  String actor;

  @Option(
      names = "--action",
      paramLabel = "ACTION",
      description =
          "Only entries with this action: dispatch, cancel, user_add, user_revoke, login_failure"
              + " or denied.")
  String action;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Only entries written within this long, e.g. 30m, 2h, 7d.")
  Duration since;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  protected int run(ConsoleClient client) throws UsageException {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new UsageException("--limit: " + limit + " (expected: 0 to " + MAX_LIMIT + ")");
    }
    List<AuditRow> rows =
        client.audit(
            new AuditRow.Query(
                actor, action, since == null ? null : clock.instant().minus(since), limit));
    if (json) {
      ArrayNode list = Json.array();
      rows.forEach(r -> list.add(json(r)));
      out().json(list);
      return ConsoleCommand.EXIT_OK;
    }
    ZoneId zone = ZoneId.systemDefault();
    Table t = new Table("ID", "TIME", "ACTOR", "ACTION", "FROM", "PLAN", "TARGET", "DETAIL");
    for (AuditRow r : rows) {
      t.add(
          r.id(),
          Times.local(r.at(), zone),
          r.actor(),
          r.action(),
          blankToDash(r.remoteAddr()),
          r.planSha256() == null ? "-" : r.planSha256().substring(0, 12),
          blankToDash(r.target()),
          blankToDash(r.detail()));
    }
    t.print(out());
    if (rows.isEmpty()) {
      err().println("no audit entries match");
    }
    return ConsoleCommand.EXIT_OK;
  }

  private static ObjectNode json(AuditRow a) {
    ObjectNode o = Json.object();
    o.put("id", a.id());
    o.put("at", Times.iso(a.at()));
    o.put("actor", a.actor());
    o.put("action", a.action());
    o.put("target", a.target());
    o.put("detail", a.detail());
    o.put("remote_addr", a.remoteAddr());
    o.put("plan_sha256", a.planSha256());
    return o;
  }

  private static String blankToDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }
}
