package io.autoservice.controller.metrics;

import io.autoservice.controller.fleet.AgentFiguresBook;
import io.autoservice.controller.fleet.FleetRegistry;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/** The fleet's gauges: agents by state and open agent streams, read from the registry's counts. */
public final class FleetMeters {
  private FleetMeters() {}

  public static void bind(ControllerMeters meters, FleetRegistry fleet) {
    agents(meters, fleet, "online", FleetRegistry.StateCounts::online);
    agents(meters, fleet, "busy", FleetRegistry.StateCounts::busy);
    agents(meters, fleet, "offline", FleetRegistry.StateCounts::offline);
    meters.gauge(
        "autoservice.streams.open", "Agent streams open (connected agents)", fleet::openStreams);
    AgentFiguresBook figures = fleet.figures();
    meters.gauge(
        "autoservice.agent.journal.bytes",
        "Bytes the connected agents' run journals hold, as they last reported",
        figures::journalBytes);
    meters.gauge(
        "autoservice.agent.reconnects",
        "Reconnects of the connected agents since each started, as they last reported",
        figures::reconnects);
    figures.onNewKey(
        (key, total) ->
            Gauge.builder("autoservice.agent.tasks", total, AtomicLong::get)
                .description(
                    "Tasks the connected agents ran since each started, as they last reported")
                .tag("task_type", key.taskType())
                .tag("status", key.status())
                .register(meters.registry()));
  }

  private static void agents(
      ControllerMeters meters,
      FleetRegistry fleet,
      String state,
      ToIntFunction<FleetRegistry.StateCounts> count) {
    meters.gauge(
        "autoservice.agents",
        "Known agents, by state",
        "state",
        state,
        () -> count.applyAsInt(fleet.stateCounts()));
  }
}
