package io.autoservice.agent.tasks.ai;

import java.util.List;

/**
 * What an inventory found, and what it could not look at (one line each, e.g. {@code Firefox
 * skipped: no SQLite reader}).
 */
public record Listing<T extends AiCandidate>(List<T> items, List<String> notes) {
  public Listing {
    items = List.copyOf(items);
    notes = List.copyOf(notes);
  }
}
