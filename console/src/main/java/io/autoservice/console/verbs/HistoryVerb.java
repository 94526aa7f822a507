package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.render.TrendArrows;
import io.autoservice.console.view.HistoryView;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console history AGENT}: a PC's figures over time, one line per figure with its trend. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a PC's history: the figures read from its finished runs (drive health, wear,"
          + " reallocated and pending sectors, volume usage, battery wear, network throughput,"
          + " SFC/DISM/chkdsk verdicts, threats found).",
      "Columns: METRIC, SUBJECT (drive, volume, host or tool), LATEST, PREVIOUS, TREND (↑ ↓ →,"
          + " or ^ v = on a terminal without UTF-8), POINTS, LAST RUN (local time), NOTE (the"
          + " latest verdict's wording). Verdicts: 0 fine, 1 warning, 2 error."
    })
public final class HistoryVerb extends ConsoleVerb {
  @Parameters(index = "0", paramLabel = "AGENT", description = "The PC: its agent id or hostname.")
  String agent;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      description = "Only this metric, e.g. smart.reallocated_sectors (repeatable).")
  List<String> metrics = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Only runs finished within this long, e.g. 30d, 52w. Default: 90d.")
  Duration since;

  @Option(names = "--ascii", description = "Trend marks ^ v = instead of arrows.")
  boolean ascii;

  @Option(names = "--json", description = "Print the series (every point) as JSON.")
  boolean json;

  @Override
  protected int run(ConsoleClient client) {
    HistoryView h =
        client.history(agent, metrics, since == null ? null : clock.instant().minus(since));
    if (json) {
      out().json(toJson(h));
      return ConsoleCommand.EXIT_OK;
    }
    TrendArrows arrows = ascii ? TrendArrows.ASCII : TrendArrows.forThisTerminal();
    ZoneId zone = ZoneId.systemDefault();
    Table t =
        new Table("METRIC", "SUBJECT", "LATEST", "PREVIOUS", "TREND", "POINTS", "LAST RUN", "NOTE");
    for (HistoryView.Series s : h.series()) {
      HistoryView.Sample latest = s.latest();
      HistoryView.Sample previous = s.previous();
      t.add(
          s.metric(),
          s.subject().isEmpty() ? "-" : s.subject(),
          number(latest.value()),
          previous == null ? "-" : number(previous.value()),
          arrows.between(previous == null ? null : previous.value(), latest.value()),
          s.samples().size(),
          Times.local(latest.time(), zone),
          latest.text() == null ? "" : cut(latest.text(), 60));
    }
    err()
        .println(
            "history of "
                + h.hostname()
                + " ("
                + h.agentId()
                + ")"
                + (h.truncated() ? ", newest points only" : ""));
    t.print(out());
    if (h.series().isEmpty()) {
      err().println("no history yet: none of its finished runs had figures in this period");
    }
    return ConsoleCommand.EXIT_OK;
  }

  private static ObjectNode toJson(HistoryView h) {
    ObjectNode o = Json.object();
    o.put("agent_id", h.agentId());
    o.put("hostname", h.hostname());
    o.put("truncated", h.truncated());
    ArrayNode series = o.putArray("series");
    for (HistoryView.Series s : h.series()) {
      ObjectNode n = series.addObject().put("metric", s.metric()).put("subject", s.subject());
      ArrayNode points = n.putArray("points");
      for (HistoryView.Sample p : s.samples()) {
        ObjectNode pn =
            points
                .addObject()
                .put("time", p.time() == null ? null : Times.iso(p.time()))
                .put("value", p.value())
                .put("run_id", p.runId());
        if (p.text() != null) {
          pn.put("text", p.text());
        }
      }
    }
    return o;
  }

  /** Whole numbers without decimals, others with up to two. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
