package io.autoservice.console.render;

import io.autoservice.common.text.SafeText;
import io.autoservice.console.view.AgentRow;
import io.autoservice.console.view.FleetItem;
import io.autoservice.console.view.RunRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live fleet as the {@code watch} verb shows it: one line per agent, with a progress bar for
 * the run it is executing ({@code PC-17 busy [#####.....] 3/6 3f2a9c1d running +1 queued}). Not
 * thread-safe: the caller serializes access.
 */
public final class FleetView {
  static final int BAR = 10;

  private final Clock clock;
  private final Map<String, AgentRow> agents = new HashMap<>();
  private final Map<String, RunRow> runs = new HashMap<>();

  public FleetView(Clock clock) {
    this.clock = clock;
  }

  /** Applies a change; returns the ids of the agents whose line may have changed. */
  public List<String> apply(FleetItem item) {
    if (item instanceof FleetItem.AgentChanged a) {
      agents.put(a.agent().agentId(), a.agent());
      return List.of(a.agent().agentId());
    }
    RunRow r = ((FleetItem.RunChanged) item).run();
    if (r.finished()) {
      runs.remove(r.runId());
    } else {
      runs.put(r.runId(), r);
    }
    return agents.containsKey(r.agentId()) ? List.of(r.agentId()) : List.of();
  }

  /** Agent ids ordered by hostname. */
  List<String> agentIds() {
    List<AgentRow> sorted = new ArrayList<>(agents.values());
    sorted.sort(Comparator.comparing(AgentRow::hostname).thenComparing(AgentRow::agentId));
    return sorted.stream().map(AgentRow::agentId).toList();
  }

  /** One agent's line; {@code hostWidth} pads the hostname (0 for none). */
  public String line(String agentId, int hostWidth) {
    AgentRow a = agents.get(agentId);
    String host = host(a);
    StringBuilder b = new StringBuilder(host);
    b.append(" ".repeat(Math.max(0, hostWidth - host.length()))).append(' ');
    b.append(String.format("%-7s ", a.state().wireName()));
    RunRow run = a.currentRunId() == null ? null : runs.get(a.currentRunId());
    if (run != null) {
      b.append(bar(run.completedTasks(), run.totalTasks()))
          .append(' ')
          .append(run.completedTasks())
          .append('/')
          .append(run.totalTasks())
          .append(' ')
          .append(run.shortId())
          .append(' ')
          .append(run.state().wireName());
    } else if (a.currentRunId() != null) {
      b.append(bar(0, 0)).append(" ").append(RunRow.shortId(a.currentRunId()));
    } else if (a.state() == AgentRow.State.OFFLINE) {
      b.append("last seen ").append(Times.ago(a.lastSeen(), clock));
    } else {
      b.append("idle");
    }
    if (a.queuedRuns() > 0) {
      b.append(" +").append(a.queuedRuns()).append(" queued");
    }
    return b.toString().stripTrailing();
  }

  /** The whole view: a header, then one line per agent. */
  public List<String> screen(String controller) {
    List<String> ids = agentIds();
    int width = ids.stream().mapToInt(id -> host(agents.get(id)).length()).max().orElse(0);
    long busy = agents.values().stream().filter(a -> a.state() == AgentRow.State.BUSY).count();
    long online = agents.values().stream().filter(a -> a.state() == AgentRow.State.ONLINE).count();
    List<String> out = new ArrayList<>();
    out.add(
        "Fleet at "
            + controller
            + ": "
            + agents.size()
            + " agents, "
            + online
            + " idle, "
            + busy
            + " busy, "
            + (agents.size() - online - busy)
            + " offline   (Ctrl-C to quit)");
    out.add("");
    ids.forEach(id -> out.add(line(id, width)));
    return out;
  }

  /** The agent's name as the terminal shows it, escaped here so the columns line up. */
  private static String host(AgentRow a) {
    return SafeText.line(a.hostname().isEmpty() ? a.agentId() : a.hostname());
  }

  /** {@code [#####.....]}. */
  static String bar(int done, int total) {
    int filled = total <= 0 ? 0 : Math.min(BAR, Math.round((float) BAR * done / total));
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
  }
}
