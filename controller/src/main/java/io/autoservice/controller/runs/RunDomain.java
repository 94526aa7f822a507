package io.autoservice.controller.runs;

import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.metrics.ControllerMeters;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.StoreWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** The run domain's two doors, sharing one book of unfinished runs: dispatch and event ingest. */
public final class RunDomain {
  private final Dispatcher dispatcher;
  private final EventIngest ingest;

  /**
   * Recovers the unfinished runs from the store and wires the domain.
   *
   * @param onFinished gets every run once its end is durable (the report exporter)
   */
  public RunDomain(
      RunStore runs,
      EventStore events,
      StoreWrites writer,
      FleetRegistry fleet,
      WatchHub hub,
      Clock clock,
      Duration runLostAfter,
      Consumer<RunRecord> onFinished) {
    this(
        runs, events, writer, fleet, hub, clock, runLostAfter, onFinished, ControllerMeters.none());
  }

  /** As above, counting into {@code meters}. */
  public RunDomain(
      RunStore runs,
      EventStore events,
      StoreWrites writer,
      FleetRegistry fleet,
      WatchHub hub,
      Clock clock,
      Duration runLostAfter,
      Consumer<RunRecord> onFinished,
      ControllerMeters meters) {
    this(
        runs,
        events,
        writer,
        fleet,
        hub,
        clock,
        runLostAfter,
        onFinished,
        meters,
        AgentOwnership.solo());
  }

  /** As above, keeping only the agents {@code ownership} says this controller holds. */
  public RunDomain(
      RunStore runs,
      EventStore events,
      StoreWrites writer,
      FleetRegistry fleet,
      WatchHub hub,
      Clock clock,
      Duration runLostAfter,
      Consumer<RunRecord> onFinished,
      ControllerMeters meters,
      AgentOwnership ownership) {
    RunBook book = new RunBook();
    RunLifecycle life =
        new RunLifecycle(writer, fleet, hub, clock, book, onFinished, new RunMeters(meters));
    this.dispatcher = new Dispatcher(runs, events, fleet, book, life, runLostAfter, ownership);
    this.ingest = new EventIngest(runs, book, life);
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public EventIngest ingest() {
    return ingest;
  }
}
