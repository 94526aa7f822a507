package io.autoservice.controller.model;

import java.time.Instant;
import java.util.Set;

/**
 * Which alerts a listing wants, newest first.
 *
 * @param states the states wanted; empty: all
 * @param agentId one PC, or null
 * @param rule one rule, or null
 * @param since raised at or after, or null
 * @param beforeId the page after the one that ended with this id; 0: the first page
 * @param limit at most this many (capped at {@link #MAX_LIMIT})
 */
public record AlertFilter(
    Set<Alert.State> states, String agentId, String rule, Instant since, long beforeId, int limit) {
  public static final int MAX_LIMIT = 500;
  public static final int DEFAULT_LIMIT = 100;

  public AlertFilter {
    states = states == null ? Set.of() : Set.copyOf(states);
    limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
  }
}
