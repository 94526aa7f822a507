package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.ScheduleRows.DeliveryRow;
import io.autoservice.console.view.ScheduleRows.NewSchedule;
import io.autoservice.console.view.ScheduleRows.ScheduleRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The verbs of {@code console schedules}. */
final class ScheduleVerbs {
  private ScheduleVerbs() {}

  static String when(Instant t) {
    return t == null ? "-" : Times.local(t, ZoneId.systemDefault());
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0";
    }
    return s % 86_400 == 0
        ? s / 86_400 + "d"
        : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists schedules by name: state, recurrence, target, next and last occurrence (local"
            + " time), catch-up limit and jitter."
      })
  static final class ListVerb extends ConsoleVerb {
    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    protected int run(ConsoleClient client) {
      List<ScheduleRow> rows = client.schedules();
      if (json) {
        ArrayNode list = Json.array();
        rows.forEach(r -> list.add(json(r)));
        out().json(list);
        return ConsoleCommand.EXIT_OK;
      }
      Table t =
          new Table("NAME", "STATE", "RECURRENCE", "TARGET", "NEXT", "LAST", "CATCH-UP", "JITTER");
      for (ScheduleRow r : rows) {
        t.add(
            r.name(),
            r.enabled() ? "enabled" : "paused",
            r.recurrence(),
            r.target(),
            when(r.next()),
            when(r.last()),
            duration(r.catchUp()),
            duration(r.jitter()));
      }
      t.print(out());
      if (rows.isEmpty()) {
        err().println("no schedules");
      }
      return ConsoleCommand.EXIT_OK;
    }

    private static ObjectNode json(ScheduleRow r) {
      ObjectNode o = Json.object();
      o.put("name", r.name());
      o.put("enabled", r.enabled());
      o.put("recurrence", r.recurrence());
      o.put("target", r.target());
      o.put("next_occurrence", r.next() == null ? null : Times.iso(r.next()));
      o.put("last_occurrence", r.last() == null ? null : Times.iso(r.last()));
      o.put("catch_up_seconds", r.catchUp().toSeconds());
      o.put("jitter_seconds", r.jitter().toSeconds());
      o.put("delivery_deadline_seconds", r.deadline().toSeconds());
      o.put("created_by", r.createdBy());
      o.put("tasks", r.tasks());
      return o;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a schedule. The plan is checked as dispatch checks it, against the agents the"
            + " target names now.",
        "Example: schedules create --name nightly-disks --plan plan.json --label site=front-desk"
            + " --cron \"0 19 * * 1-5\" --tz Europe/Berlin --catch-up 6h --jitter 10m"
      })
  static final class CreateVerb extends ConsoleVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Unique name.")
    String name;

    @Option(
        names = "--plan",
        required = true,
        paramLabel = "FILE",
        description = "A plan file, JSON text, or - for stdin.")
    String plan;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DispatchVerb.Targets targets;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Recurrence recurrence;

    /** Exactly one recurrence. */
    static final class Recurrence {
      @Option(
          names = "--cron",
          required = true,
          paramLabel = "EXPR",
          description = "UNIX cron, 5 fields (minute hour day-of-month month day-of-week).")
      String cron;

      @Option(
          names = "--every",
          required = true,
          paramLabel = "N(h|d)",
          description = "Every N hours or days from now, e.g. 6h or 2d.")
      String every;
    }

    @Option(
        names = "--tz",
        paramLabel = "ZONE",
        description = "IANA time zone the cron expression is read in. Default: UTC.")
    String tz;

    @Option(
        names = "--deadline",
        paramLabel = "DURATION",
        converter = Converters.DurationConverter.class,
        description = "How long each run may wait for its agent. Default: the controller's (7d).")
    Duration deadline;

    @Option(
        names = "--catch-up",
        paramLabel = "DURATION",
        converter = Converters.DurationConverter.class,
        description =
            "How late a PC that was offline or outside its window may still start an occurrence."
                + " Default: 6h.")
    Duration catchUp;

    @Option(
        names = "--jitter",
        paramLabel = "DURATION",
        description = "Spread the PCs' starts over this long (0 for none). Default: 10m.")
    String jitter;

    @Option(names = "--force", description = "Send task types a target does not advertise.")
    boolean force;

    @Option(names = "--paused", description = "Create it paused.")
    boolean paused;

    @Override
    protected int run(ConsoleClient client) throws UsageException {
      Plan parsed;
      try {
        parsed = PlanParser.parseSource(plan, System.in);
      } catch (PlanException e) {
        e.problems().forEach(p -> err().println("error: " + p));
        err().flush();
        return ConsoleCommand.EXIT_FAILED;
      }
      if (recurrence.every != null && tz != null) {
        throw new UsageException("--tz: applies to --cron only");
      }
      Duration spread = null;
      if (jitter != null) {
        try {
          spread =
              jitter.strip().matches("0+[smhd]?") ? Duration.ZERO : Converters.duration(jitter);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--jitter: " + e.getMessage());
        }
      }
      DispatchTarget target =
          targets.agents != null
              ? new DispatchTarget.Agents(targets.agents)
              : targets.labels != null
                  ? new DispatchTarget.Labels(targets.labels)
                  : new DispatchTarget.All();
      ScheduleRow r =
          client.createSchedule(
              new NewSchedule(
                  name,
                  parsed,
                  target,
                  recurrence.cron,
                  tz,
                  recurrence.every,
                  deadline,
                  catchUp,
                  spread,
                  force,
                  paused));
      out()
          .println(
              "created schedule "
                  + r.name()
                  + ": "
                  + r.recurrence()
                  + ", "
                  + r.target()
                  + (r.enabled() ? ", next " + when(r.next()) : ", paused"));
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses a schedule: no occurrence fires until it is resumed.")
  static final class PauseVerb extends ConsoleVerb {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int run(ConsoleClient client) {
      client.setScheduleEnabled(name, false);
      out().println("paused schedule " + name);
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Resumes a schedule from its next occurrence; those that fell while paused never fire.")
  static final class ResumeVerb extends ConsoleVerb {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int run(ConsoleClient client) {
      ScheduleRow r = client.setScheduleEnabled(name, true);
      out().println("resumed schedule " + name + ", next " + when(r.next()));
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a schedule and what it recorded; runs it started are kept.")
  static final class DeleteVerb extends ConsoleVerb {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int run(ConsoleClient client) {
      client.deleteSchedule(name);
      out().println("deleted schedule " + name);
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "run-now",
      mixinStandardHelpOptions = true,
      description = {
        "Fires a schedule now, besides its recurrence: each target PC starts at once (no jitter,"
            + " no window waited for), or when it comes back within the catch-up limit."
      })
  static final class RunNowVerb extends ConsoleVerb {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int run(ConsoleClient client) {
      int n = client.runScheduleNow(name);
      out().println("fired schedule " + name + " now for " + n + (n == 1 ? " agent" : " agents"));
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "occurrences",
      mixinStandardHelpOptions = true,
      description = {
        "What a schedule fired, per PC, newest first: dispatched (with the run id), waiting (for"
            + " its start, its window or the PC) or missed (with why); then occurrences that"
            + " reached no PC (state none, with why)."
      })
  static final class OccurrencesVerb extends ConsoleVerb {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "0",
        description = "At most this many rows (up to 1000). Default: 200.")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    protected int run(ConsoleClient client) throws UsageException {
      if (limit < 0 || limit > 1_000) {
        throw new UsageException("--limit: " + limit + " (expected: 0 to 1000)");
      }
      List<DeliveryRow> rows = client.scheduleOccurrences(name, limit);
      if (json) {
        ArrayNode list = Json.array();
        for (DeliveryRow r : rows) {
          ObjectNode o = Json.object();
          o.put("occurrence", Times.iso(r.occurrence()));
          o.put("agent_id", r.agentId().isEmpty() ? null : r.agentId());
          o.put("hostname", r.hostname());
          o.put("state", r.state());
          o.put("run_id", r.runId().isEmpty() ? null : r.runId());
          o.put("reason", r.reason().isEmpty() ? null : r.reason());
          o.put("start_at", Times.iso(r.startAt()));
          o.put("kind", r.kind());
          list.add(o);
        }
        out().json(list);
        return ConsoleCommand.EXIT_OK;
      }
      Table t = new Table("OCCURRENCE", "AGENT", "HOSTNAME", "STATE", "RUN ID", "REASON");
      for (DeliveryRow r : rows) {
        t.add(
            when(r.occurrence()) + (r.kind().equals("run_now") ? " (now)" : ""),
            r.agentId().isEmpty() ? "-" : r.agentId(),
            r.hostname().isEmpty() ? "-" : r.hostname(),
            r.state(),
            r.runId().isEmpty() ? "-" : r.runId(),
            r.reason().isEmpty() ? "-" : r.reason());
      }
      t.print(out());
      if (rows.isEmpty()) {
        err().println("schedule " + name + " has not fired yet");
      }
      return ConsoleCommand.EXIT_OK;
    }
  }

  /** {@code k=v} to its two halves; the usage error names the option. */
  static String[] label(String option, Map<String, String> labels) throws UsageException {
    if (labels == null || labels.size() != 1) {
      throw new UsageException(option + ": expected one KEY=VALUE");
    }
    var e = labels.entrySet().iterator().next();
    return new String[] {e.getKey(), e.getValue()};
  }
}
