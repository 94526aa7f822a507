package io.autoservice.controller.runs;

import io.autoservice.controller.model.RunRecord;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everyone who gets a run once its end is durable (the report exporter, the alert rules, …), in
 * order. Each must hand the run to its own thread and return at once: this is called on ingest's
 * path. One that throws is logged and does not keep the run from the others.
 */
public final class FinishedRuns implements Consumer<RunRecord> {
  private static final Logger log = LoggerFactory.getLogger(FinishedRuns.class);
  private final List<Consumer<RunRecord>> consumers;

  @SafeVarargs
  public FinishedRuns(Consumer<RunRecord>... consumers) {
    this.consumers = List.of(consumers);
  }

  @Override
  public void accept(RunRecord run) {
    for (Consumer<RunRecord> c : consumers) {
      try {
        c.accept(run);
      } catch (RuntimeException e) {
        log.warn("run {}: a finished-run consumer failed: {}", run.runId(), e.toString());
      }
    }
  }
}
