package io.autoservice.controller.metrics;

/** Counts a refusal under one of {@link ControllerMeters#REFUSAL_REASONS}. */
@FunctionalInterface
public interface RefusalCounter {
  RefusalCounter NONE = reason -> {};

  void refused(String reason);
}
