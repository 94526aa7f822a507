package io.autoservice.controller.metrics;

import io.autoservice.controller.fleet.FleetRegistry;
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
