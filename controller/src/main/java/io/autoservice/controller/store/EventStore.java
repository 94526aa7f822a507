package io.autoservice.controller.store;

import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.StoredEvent;
import java.util.List;

/** Every event an agent streamed, in sequence order per run. */
public interface EventStore {
  /** Stores events; one already held (same run and sequence) is left as it was. */
  void append(List<EventRow> rows);

  /** The highest stored sequence of a run (events are only accepted in order, so no gaps). */
  long maxSeq(String runId);

  /** The highest stored sequence of each run that has events (one read for many runs). */
  default java.util.Map<String, Long> maxSeqs(java.util.Collection<String> runIds) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (String id : runIds) {
      long m = maxSeq(id);
      if (m > 0) {
        out.put(id, m);
      }
    }
    return out;
  }

  /** At most {@code limit} of a run's stored events after a sequence, in order, decoded. */
  List<StoredEvent> events(String runId, long afterSeq, int limit);
}
