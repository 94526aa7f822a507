package io.autoservice.console.verbs;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleException;
import io.autoservice.console.client.WatchStream;
import io.autoservice.console.render.FleetView;
import io.autoservice.console.render.Terminal;
import io.autoservice.console.view.FleetItem;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code console watch}: the live fleet view. On a terminal the screen is cleared and redrawn at
 * most {@value #REDRAWS_PER_SECOND} times a second; otherwise (a pipe, a file, a test) each changed
 * agent line is printed as it changes.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the fleet live, one line per agent with its run's progress.",
      "Redraws in place on a terminal (at most 4 times a second); prints each changed line when"
          + " stdout is not a terminal. Runs until Ctrl-C."
    })
public final class WatchVerb extends ConsoleVerb {
  static final int REDRAWS_PER_SECOND = 4;
  private static final String CLEAR = "\u001b[H\u001b[2J";

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Only agents carrying this label; repeat to require several.")
  Map<String, String> labels = new LinkedHashMap<>();

  /** Guarded by the view's lock. */
  private long lastPaint;

  @Option(names = "--plain", description = "Print changed lines even on a terminal (no redraw).")
  boolean plain;

  @Override
  protected int run(ConsoleClient client) {
    FleetView view = new FleetView(clock);
    boolean redraw = !plain && System.console() != null;
    Map<String, String> printed = new HashMap<>();
    ScheduledExecutorService painter = null;
    boolean[] dirty = {true};
    if (redraw) {
      painter =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "console-watch-redraw");
                t.setDaemon(true);
                return t;
              });
      painter.scheduleAtFixedRate(
          () -> paint(view, dirty, client.target()),
          0,
          1000 / REDRAWS_PER_SECOND,
          TimeUnit.MILLISECONDS);
    }
    try (WatchStream<FleetItem> stream = client.watchFleet(labels)) {
      while (stream.hasNext()) {
        FleetItem item = stream.next();
        synchronized (view) {
          var changed = view.apply(item);
          dirty[0] = true;
          if (!redraw) {
            for (String id : changed) {
              String line = view.line(id, 0);
              if (!line.equals(printed.put(id, line))) {
                out().println(line);
              }
            }
            out().flush();
          }
        }
      }
      return ConsoleCommand.EXIT_OK;
    } catch (ConsoleException e) {
      if (e.kind() == ConsoleException.Kind.CANCELLED || Thread.currentThread().isInterrupted()) {
        return ConsoleCommand.EXIT_CANCELLED;
      }
      throw e;
    } finally {
      if (painter != null) {
        painter.shutdownNow();
      }
    }
  }

  /** Repaints when something changed, and once a second anyway so "last seen" ages. */
  private void paint(FleetView view, boolean[] dirty, String controller) {
    synchronized (view) {
      long now = System.nanoTime();
      if (!dirty[0] && now - lastPaint < 1_000_000_000L) {
        return;
      }
      dirty[0] = false;
      lastPaint = now;
      Terminal o = out();
      o.control(CLEAR);
      view.screen(controller).forEach(o::println);
      o.flush();
    }
  }
}
