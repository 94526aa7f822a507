package io.autoservice.common.plan;

import java.util.regex.Pattern;

/**
 * What any plan may hold, wherever it enters (a file, the console, an offline upload, an
 * AssignRun). {@link PlanGate} applies them; the numbers live here so the wire, the parser and the
 * docs quote the same ones.
 *
 * <p><b>Why depth 16.</b> Both ends decode protobuf with its default recursion limit of 100 nested
 * messages. A JSON object level inside a {@code Struct} costs three of them ({@code Struct}, map
 * entry, {@code Value}), a list level two ({@code ListValue}, {@code Value}). The deepest carrier
 * is a task's params in {@code ControllerMessage → AssignRun → Plan → Task}, so 16 object levels
 * need 3 + 3 × 16 = 51 of the 100 (measured by {@code PlanWireDepthTest}): half the limit is left
 * for a wrapper, and a plan the console accepted can never fail to decode on the agent (at 32
 * metadata levels it did, one level short of the limit).
 */
public final class PlanLimits {
  /** Serialized plan as compact UTF-8 JSON. */
  public static final int MAX_PLAN_BYTES = 4 * 1024 * 1024;

  public static final int MAX_TASKS = 1_000;

  /**
   * Nesting of objects and lists in a task's params or the plan's metadata; the object itself is 1.
   */
  public static final int MAX_DEPTH = 16;

  /** Keys of one object. */
  public static final int MAX_KEYS = 1_000;

  /** Characters of a key. */
  public static final int MAX_KEY_CHARS = 256;

  /** Characters of a task id. */
  public static final int MAX_ID_CHARS = 128;

  /**
   * Characters of one string value: a script or a long note fits; the byte limit bounds the sum.
   */
  public static final int MAX_STRING_CHARS = 1024 * 1024;

  /** A task type is a handler's name: lower-case letters, digits and underscores. */
  public static final Pattern TASK_TYPE = Pattern.compile("[a-z0-9_]{1,64}");

  private PlanLimits() {}
}
