package io.autoservice.controller.store;

import io.autoservice.controller.model.AuditEntry;
import java.time.Instant;
import java.util.List;

/** The append-only audit log: inserted and selected, never updated or deleted. */
public interface AuditStore {
  /** Appends an entry (its id is ignored); returns the id it got. */
  long append(AuditEntry entry);

  /** Entries by actor, action and time (null: any), newest first. */
  List<AuditEntry> query(String actor, String action, Instant since, int limit);
}
