package io.autoservice.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.testsupport.Eventually;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the controller archived for a set of dispatched runs, the way a technician would
 * (console {@code runs --json}, {@code follow --json} replaying each run's stored events, and the
 * exported {@code reports/} folders), and counts what was lost or doubled on the way:
 *
 * <ul>
 *   <li>a run: must be listed exactly once and finished, with exactly one exported report;
 *   <li>its events: sequences 1..n, each once, in order, starting with run_started and ending with
 *       run_finished; one task_finished per task of the plan, and a report with one result per
 *       task;
 *   <li>the {@code chatty} tool's numbered lines ({@code fixtures/fake-tools/chatty}): each line
 *       1..N once, where a line missing is "lost" unless the agent's journal recorded it as dropped
 *       ("… N output lines dropped: journal full"), which counts as dropped by policy. A run whose
 *       agent was killed mid-task ends that task "agent restarted during task" and legitimately has
 *       only the lines printed before the kill: it is checked up to the last line that arrived.
 * </ul>
 *
 * <p>Every count comes with a problem line naming the run, for the assertion message.
 */
final class ArchiveAudit {
  static final String INTERRUPTED = "agent restarted during task";
  private static final Pattern CHATTY = Pattern.compile("chatty line (\\d+) of (\\d+)");
  private static final Pattern DROPPED =
      Pattern.compile("… (\\d+) output lines? dropped: journal full");

  /** One scenario's counts. */
  record Tally(
      String scenario,
      int runs,
      long events,
      long lost,
      long duplicated,
      long droppedByPolicy,
      int interrupted,
      Duration wall,
      List<String> problems) {}

  private final FleetProcesses fleet;
  private final List<Path> reportsDirs;
  private final List<String> problems = new ArrayList<>();
  private long events;
  private long lost;
  private long duplicated;
  private long dropped;
  private int interrupted;

  private ArchiveAudit(FleetProcesses fleet, List<Path> reportsDirs) {
    this.fleet = fleet;
    this.reportsDirs = reportsDirs;
  }

  /**
   * Waits until every run in {@code tasksByRun} (run id to its plan's task count) is finished and
   * exported, then audits them (wall time: from {@code started} until settled); {@code known} is
   * every run id dispatched on this fleet so far, so a run nobody dispatched (a doubled one) is
   * noticed too.
   */
  static Tally settleAndAudit(
      FleetProcesses fleet,
      String scenario,
      Map<String, Integer> tasksByRun,
      Collection<String> known,
      Duration settle,
      Instant started)
      throws Exception {
    return settleAndAudit(
        fleet,
        List.of(fleet.controllerData().resolve("reports")),
        scenario,
        tasksByRun,
        known,
        settle,
        started);
  }

  /**
   * As above for controller replicas sharing one store: the console of {@code fleet} (any replica)
   * reads the shared archive, and a run's report must be exported exactly once in all of {@code
   * reportsDirs} together (each replica exports the runs it finished into its own folder).
   */
  static Tally settleAndAudit(
      FleetProcesses fleet,
      List<Path> reportsDirs,
      String scenario,
      Map<String, Integer> tasksByRun,
      Collection<String> known,
      Duration settle,
      Instant started)
      throws Exception {
    ArchiveAudit audit = new ArchiveAudit(fleet, reportsDirs);
    audit.settle(tasksByRun.keySet(), settle);
    Duration wall = Duration.between(started, Instant.now());
    audit.audit(tasksByRun, Set.copyOf(known));
    return new Tally(
        scenario,
        tasksByRun.size(),
        audit.events,
        audit.lost,
        audit.duplicated,
        audit.dropped,
        audit.interrupted,
        wall,
        List.copyOf(audit.problems));
  }

  private void settle(Set<String> runIds, Duration max) throws Exception {
    Eventually.until(
        "runs " + runIds + " finished",
        max,
        this::runRows,
        rows ->
            runIds.stream()
                .allMatch(
                    id ->
                        rows.containsKey(id)
                            && rows.get(id).stream()
                                .allMatch(r -> r.path("state").asText().equals("finished"))));
    Eventually.until(
        "runs " + runIds + " exported",
        Duration.ofSeconds(15),
        this::exported,
        ex -> ex.keySet().containsAll(runIds));
  }

  private void audit(Map<String, Integer> tasksByRun, Set<String> known) throws Exception {
    Map<String, List<JsonNode>> rows = runRows();
    for (String id : rows.keySet()) {
      if (!known.contains(id)) {
        problem(id, "listed by the controller but never dispatched (a doubled run?)");
        duplicated++;
      }
    }
    Map<String, List<Path>> exported = exported();
    for (Path torn : tornExports()) {
      problem(torn.getFileName().toString(), "report folder left half-written " + torn);
    }
    for (var e : tasksByRun.entrySet()) {
      String id = e.getKey();
      int listed = rows.getOrDefault(id, List.of()).size();
      if (listed == 0) {
        problem(id, "dispatched but not in the archive");
        lost++;
      } else if (listed > 1) {
        problem(id, "listed " + listed + " times");
        duplicated += listed - 1;
      }
      int reports = exported.getOrDefault(id, List.of()).size();
      if (reports != 1) {
        problem(id, reports + " exported report folders " + exported.get(id));
        if (reports > 1) {
          duplicated += reports - 1;
        }
      } else {
        checkExportedReport(id, exported.get(id).get(0), e.getValue());
      }
    }
    Map<String, List<JsonNode>> byRun = events(tasksByRun.keySet());
    for (var e : tasksByRun.entrySet()) {
      checkEvents(e.getKey(), byRun.getOrDefault(e.getKey(), List.of()), e.getValue());
    }
  }

  /** {@code runs --json}: run id to its rows (one, unless something doubled it). */
  private Map<String, List<JsonNode>> runRows() throws Exception {
    Map<String, List<JsonNode>> rows = new HashMap<>();
    for (JsonNode r : fleet.consoleJson("runs", "--json", "--limit", "10000")) {
      rows.computeIfAbsent(r.path("run_id").asText(), k -> new ArrayList<>()).add(r);
    }
    return rows;
  }

  /** Exported report folders by the run id their {@code metadata.json} names. */
  private Map<String, List<Path>> exported() throws Exception {
    Map<String, List<Path>> byRun = new HashMap<>();
    for (Path reports : reportsDirs) {
      if (!Files.isDirectory(reports)) {
        continue;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(reports)) {
        for (Path dir : dirs) {
          Path meta = dir.resolve("metadata.json");
          if (Files.isRegularFile(meta) && Files.isRegularFile(dir.resolve("report.json"))) {
            String id = FleetProcesses.JSON.readTree(meta.toFile()).path("run_id").asText();
            byRun.computeIfAbsent(id, k -> new ArrayList<>()).add(dir);
          }
        }
      }
    }
    return byRun;
  }

  /** Report folders missing a file: an export cut short and never completed. */
  private List<Path> tornExports() throws Exception {
    List<Path> torn = new ArrayList<>();
    for (Path reports : reportsDirs) {
      if (!Files.isDirectory(reports)) {
        continue;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(reports)) {
        for (Path dir : dirs) {
          for (String f :
              List.of("report.json", "run_plan.json", "execution.log", "metadata.json")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
              torn.add(dir);
              break;
            }
          }
        }
      }
    }
    return torn;
  }

  private void checkExportedReport(String id, Path dir, int tasks) throws Exception {
    JsonNode report = FleetProcesses.JSON.readTree(dir.resolve("report.json").toFile());
    int results = report.path("results").size();
    if (results != tasks) {
      problem(
          id, "exported report has " + results + " results for " + tasks + " tasks (" + dir + ")");
      lost += Math.max(0, tasks - results);
      duplicated += Math.max(0, results - tasks);
    }
  }

  /** Every stored event of these runs, replayed by one {@code follow --json}, by run. */
  private Map<String, List<JsonNode>> events(Set<String> runIds) throws Exception {
    List<String> args = new ArrayList<>(List.of("follow", "--json"));
    args.addAll(runIds);
    FleetProcesses.Result r = fleet.console(args.toArray(String[]::new));
    // 1 is a followed run that ended error (e.g. lost): still a full replay.
    if (r.exitCode() != 0 && r.exitCode() != 1) {
      throw new AssertionError("follow failed (" + r.exitCode() + "): " + r.stderr());
    }
    Map<String, List<JsonNode>> byRun = new LinkedHashMap<>();
    for (String line : r.stdout().lines().toList()) {
      JsonNode e = FleetProcesses.JSON.readTree(line);
      if (e.has("sequence")) {
        byRun.computeIfAbsent(e.path("run_id").asText(), k -> new ArrayList<>()).add(e);
      }
    }
    return byRun;
  }

  private void checkEvents(String id, List<JsonNode> list, int tasks) {
    events += list.size();
    if (list.isEmpty()) {
      problem(id, "no events");
      lost++;
      return;
    }
    Set<Long> seen = new TreeSet<>();
    long prev = 0;
    long max = 0;
    for (JsonNode e : list) {
      long seq = e.path("sequence").asLong();
      if (!seen.add(seq)) {
        problem(id, "event " + seq + " twice");
        duplicated++;
      } else if (seq < prev) {
        problem(id, "event " + seq + " after " + prev);
      }
      prev = seq;
      max = Math.max(max, seq);
    }
    long gaps = max - seen.size();
    if (gaps > 0) {
      problem(id, gaps + " sequence numbers missing in 1.." + max);
      lost += gaps;
    }
    if (!list.get(0).path("type").asText().equals("run_started")) {
      problem(id, "first event is " + list.get(0).path("type").asText());
    }
    JsonNode last = list.get(list.size() - 1);
    if (!last.path("type").asText().equals("run_finished")) {
      problem(id, "last event is " + last.path("type").asText() + ", not run_finished");
      lost++;
      return;
    }
    Map<Integer, Integer> finished = new HashMap<>();
    for (JsonNode e : list) {
      if (e.path("type").asText().equals("task_finished")) {
        finished.merge(e.path("index").asInt(), 1, Integer::sum);
      }
    }
    boolean wasInterrupted = false;
    JsonNode results = last.path("report").path("tasks");
    if (results.size() != tasks) {
      problem(id, "report has " + results.size() + " results for " + tasks + " tasks");
    }
    for (int i = 0; i < results.size(); i++) {
      wasInterrupted |=
          INTERRUPTED.equals(
              results.get(i).path("summary").path("human_readable").path("reason").asText());
    }
    for (int i = 0; i < tasks; i++) {
      int n = finished.getOrDefault(i, 0);
      // A restarted agent closes the interrupted run from its journal: the tasks it never reached
      // are in the report as skipped, without events of their own.
      if (n == 0 && !wasInterrupted) {
        problem(id, "no task_finished for task " + i);
        lost++;
      } else if (n > 1) {
        problem(id, "task " + i + " finished " + n + " times");
        duplicated += n - 1;
      }
    }
    if (wasInterrupted) {
      interrupted++;
    }
    checkChatter(id, list, wasInterrupted);
  }

  /**
   * The chatty tool's numbered lines: each once; a missing one is lost unless dropped by policy.
   */
  private void checkChatter(String id, List<JsonNode> list, boolean wasInterrupted) {
    Set<Integer> lines = new TreeSet<>();
    int of = 0;
    long markers = 0;
    for (JsonNode e : list) {
      if (!e.path("type").asText().equals("task_output")) {
        continue;
      }
      String text = e.path("line").asText();
      Matcher m = CHATTY.matcher(text);
      if (m.find()) {
        if (!lines.add(Integer.parseInt(m.group(1)))) {
          problem(id, "output line \"" + text + "\" twice");
          duplicated++;
        }
        of = Integer.parseInt(m.group(2));
      }
      Matcher d = DROPPED.matcher(text);
      if (d.find()) {
        markers += Long.parseLong(d.group(1));
      }
    }
    dropped += markers;
    if (lines.isEmpty() && markers == 0) {
      return; // not a chatty run (or killed before the tool printed)
    }
    int last = lines.isEmpty() ? 0 : ((TreeSet<Integer>) lines).last();
    // An interrupted tool printed up to some line; the journal may have dropped lines after the
    // last one that arrived (their marker only written before a next event that never came).
    long expected = wasInterrupted ? last : of;
    long missing = expected - lines.size();
    if (missing > markers) {
      problem(
          id,
          (missing - markers)
              + " of "
              + expected
              + " output lines missing ("
              + markers
              + " dropped by the journal's policy)");
      lost += missing - markers;
    }
  }

  private void problem(String runId, String what) {
    problems.add("run " + runId + ": " + what);
  }
}
