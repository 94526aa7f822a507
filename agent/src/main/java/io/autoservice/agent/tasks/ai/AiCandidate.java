package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Something an AI task enumerated and may disable: a startup item, a notification permission. */
public interface AiCandidate {
  /** Unique among one enumeration; the model must answer with it. */
  String id();

  /** What the report lists ({@code all_items} / {@code all_notifications} entries). */
  ObjectNode toJson();

  /** What the model is shown (no local paths it does not need). */
  ObjectNode forModel();

  /** Whether the model is asked about it (not when it is already disabled). */
  default boolean offerToModel() {
    return true;
  }

  /** How a technician names it: the program's name, the site's origin. */
  String label();
}
