package io.autoservice.common.plan;

import static io.autoservice.common.plan.PlanLimits.MAX_DEPTH;
import static io.autoservice.common.plan.PlanLimits.MAX_ID_CHARS;
import static io.autoservice.common.plan.PlanLimits.MAX_KEYS;
import static io.autoservice.common.plan.PlanLimits.MAX_KEY_CHARS;
import static io.autoservice.common.plan.PlanLimits.MAX_PLAN_BYTES;
import static io.autoservice.common.plan.PlanLimits.MAX_STRING_CHARS;
import static io.autoservice.common.plan.PlanLimits.MAX_TASKS;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.text.SafeText;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one check every plan passes wherever it enters: the CLI's parser, the console's Dispatch, an
 * offline upload, an agent's AssignRun. It bounds what a plan may hold ({@link PlanLimits}) and its
 * structure (task types, ids, keys), so a plan that got in can always be sent, decoded, stored and
 * read back. Parameter values against a task's schema are a separate check ({@link ParamSchema}),
 * since that needs the agent's handlers.
 */
public final class PlanGate {
  /** Problems past this many are summed up: a hostile plan must not make a megabyte of text. */
  private static final int MAX_PROBLEMS = 20;

  private PlanGate() {}

  /** Throws naming every problem (each with its place) unless the plan passes the gate. */
  public static Plan check(Plan plan) throws PlanException {
    List<String> problems = problems(plan);
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    return plan;
  }

  /**
   * Every problem, each naming its place, e.g. {@code tasks[3].params.x.y: nested deeper than 16
   * levels}.
   */
  public static List<String> problems(Plan plan) {
    List<String> problems = new ArrayList<>();
    if (plan.tasks().size() > MAX_TASKS) {
      // Stop here: looking into ten thousand tasks only makes a longer message.
      return List.of(
          "tasks: " + plan.tasks().size() + " tasks (expected: at most " + MAX_TASKS + ")");
    }
    for (TaskSpec t : plan.tasks()) {
      task(t, problems);
    }
    tree("metadata", plan.metadata(), problems);
    if (problems.isEmpty() && jsonSize(plan.toJson()) > MAX_PLAN_BYTES) {
      problems.add(
          "plan: more than "
              + MAX_PLAN_BYTES
              + " bytes as JSON (expected: at most "
              + MAX_PLAN_BYTES
              + ")");
    }
    if (problems.size() > MAX_PROBLEMS) {
      int more = problems.size() - MAX_PROBLEMS;
      problems = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
      problems.add("… and " + more + " more problems");
    }
    return List.copyOf(problems);
  }

  private static void task(TaskSpec t, List<String> problems) {
    String place = t.place();
    if (t.type().isEmpty()) {
      problems.add(place + ".type: expected a task type name but it is empty");
    } else if (!PlanLimits.TASK_TYPE.matcher(t.type()).matches()) {
      problems.add(
          place
              + ".type: expected 1-64 lower-case letters, digits or '_' but got "
              + quote(t.type()));
    }
    if (t.id() != null && (t.id().length() > MAX_ID_CHARS || SafeText.hasControls(t.id()))) {
      problems.add(
          place
              + ".id: expected at most "
              + MAX_ID_CHARS
              + " characters without control characters but got "
              + quote(t.id()));
    }
    tree(place + ".params", t.params(), problems);
  }

  /** Walks a JSON tree without recursion: a tree built in memory may be deeper than any stack. */
  private static void tree(String root, JsonNode node, List<String> problems) {
    record At(String place, JsonNode node, int depth) {}
    Deque<At> todo = new ArrayDeque<>();
    todo.push(new At(root, node, 1));
    while (!todo.isEmpty() && problems.size() <= MAX_PROBLEMS) {
      At at = todo.pop();
      JsonNode n = at.node();
      if (n.isContainerNode() && at.depth() > MAX_DEPTH) {
        problems.add(at.place() + ": nested deeper than " + MAX_DEPTH + " levels");
      } else if (n.isObject()) {
        if (n.size() > MAX_KEYS) {
          problems.add(at.place() + ": " + n.size() + " keys (expected: at most " + MAX_KEYS + ")");
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          String key = f.getKey();
          if (key.isEmpty() || key.length() > MAX_KEY_CHARS || SafeText.hasControls(key)) {
            problems.add(
                at.place()
                    + ": key "
                    + quote(key)
                    + " is not 1-"
                    + MAX_KEY_CHARS
                    + " characters without control characters");
          } else {
            todo.push(new At(at.place() + "." + key, f.getValue(), at.depth() + 1));
          }
        }
      } else if (n.isArray()) {
        if (n.size() > MAX_KEYS) {
          problems.add(
              at.place() + ": " + n.size() + " items (expected: at most " + MAX_KEYS + ")");
          continue;
        }
        for (int i = n.size() - 1; i >= 0; i--) {
          todo.push(new At(at.place() + "[" + i + "]", n.get(i), at.depth() + 1));
        }
      } else if (n.isTextual()) {
        text(at.place(), n.textValue(), problems);
      }
    }
  }

  /**
   * Line breaks and TAB are fine in a value (a script, a note); other C0 controls and NUL are not.
   */
  private static void text(String place, String s, List<String> problems) {
    if (s.length() > MAX_STRING_CHARS) {
      problems.add(
          place + ": " + s.length() + " characters (expected: at most " + MAX_STRING_CHARS + ")");
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        problems.add(
            place + ": control character U+" + String.format("%04X", (int) c) + " at index " + i);
        return;
      }
    }
  }

  private static String quote(String s) {
    return "\"" + SafeText.line(PlanParser.shorten(s, 80)) + "\"";
  }

  /** UTF-8 bytes of the node's compact JSON, counting stopped just past the plan limit. */
  static long jsonSize(JsonNode node) {
    long[] count = {0};
    OutputStream counter =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            add(1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            add(len);
          }

          private void add(int n) throws IOException {
            count[0] += n;
            if (count[0] > MAX_PLAN_BYTES) {
              throw new IOException("over the limit");
            }
          }
        };
    try {
      Json.mapper().writeValue(counter, node);
    } catch (IOException e) {
      // Past the limit (the counter stops the writer there).
      return Math.max(count[0], MAX_PLAN_BYTES + 1L);
    }
    return count[0];
  }
}
