package io.autoservice.controller.model;

import io.autoservice.common.result.RunStatus;
import java.time.Instant;

/** Filters for listing runs, newest first; null fields match everything. */
public record RunFilter(
    String agentId, RunState state, RunStatus status, Instant since, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  /** The limit to apply: the default for 0 or less, at most {@link #MAX_LIMIT}. */
  public int effectiveLimit() {
    return limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
  }
}
