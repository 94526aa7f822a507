package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.Objects;

/**
 * What one attempt to disable a candidate did.
 *
 * @param kind disabled, skipped (left unchanged on purpose) or failed
 * @param detail for a skip its reason, for a failure the error (null when disabled)
 * @param facts keys added to the report's entry, e.g. {@code restore} (how to undo it) and {@code
 *     backup} (a copy of the file before the change)
 */
public record ChangeResult(Kind kind, String detail, ObjectNode facts) {
  public enum Kind {
    DISABLED,
    SKIPPED,
    FAILED
  }

  public ChangeResult {
    Objects.requireNonNull(kind, "kind");
    facts = facts == null ? Json.object() : facts;
  }

  /** Disabled; {@code facts} must say how to restore it. */
  public static ChangeResult disabled(ObjectNode facts) {
    return new ChangeResult(Kind.DISABLED, null, facts);
  }

  public static ChangeResult skipped(String reason) {
    return new ChangeResult(Kind.SKIPPED, reason, null);
  }

  public static ChangeResult failed(String error) {
    return new ChangeResult(Kind.FAILED, error, null);
  }
}
