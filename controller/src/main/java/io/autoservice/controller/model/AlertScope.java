package io.autoservice.controller.model;

import java.util.Set;

/**
 * Open alerts an evaluation looked at again: those of {@code rule} on {@code agentId} (every agent
 * when null) whose subject is in {@code subjects} (any subject when null) resolve unless the same
 * evaluation found them again. A run resolves only what it shows: a run without a drive report
 * never resolves a drive's alert.
 */
public record AlertScope(String rule, String agentId, Set<String> subjects) {
  public AlertScope {
    subjects = subjects == null ? null : Set.copyOf(subjects);
  }
}
