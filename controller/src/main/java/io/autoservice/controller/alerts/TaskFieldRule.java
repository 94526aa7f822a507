package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule on one task type's result, as data: in each item ({@code drives[]}, or the result itself)
 * whose fields meet every condition, the rule finds a problem about that item (its subject). The
 * built-in rules are instances of this; the settings may add more ({@link
 * AlertSettings.CustomRule}).
 *
 * @param items the array of items under the results ({@code drives}); empty: the result itself
 * @param subjectKey the item field naming the subject ({@code name}); empty: no subject
 * @param message what the alert says; {@code {subject}} and {@code {field}} name an item's fields
 */
record TaskFieldRule(
    String name,
    String taskType,
    String items,
    String subjectKey,
    List<FieldCondition> conditions,
    String severity,
    String message) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_.]{1,64})\\}");

  /** Whether a result of this task can say anything either way (an error or a skip cannot). */
  boolean observes(TaskResult r) {
    return r.taskType().equals(taskType)
        && (r.status() == TaskStatus.SUCCESS || r.status() == TaskStatus.WARNING);
  }

  /** A found problem: the subject and the message for it. */
  record Hit(String subject, String message) {}

  /** The subjects a result shows, problem or not (what this result can resolve). */
  List<String> subjects(TaskResult r) {
    List<JsonNode> all = ResultFields.items(r, items);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      out.add(subject(all.get(i), i));
    }
    return out;
  }

  List<Hit> evaluate(TaskResult r) {
    List<JsonNode> all = ResultFields.items(r, items);
    java.util.ArrayList<Hit> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JsonNode item = all.get(i);
      if (conditions.stream().allMatch(c -> c.test(item))) {
        String subject = subject(item, i);
        out.add(new Hit(subject, render(item, subject)));
      }
    }
    return out;
  }

  private String subject(JsonNode item, int index) {
    if (subjectKey.isEmpty()) {
      return "";
    }
    String s = ResultFields.text(item, subjectKey);
    return s.equals("?") ? "#" + index : s;
  }

  private String render(JsonNode item, String subject) {
    Matcher m = PLACEHOLDER.matcher(message);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String v = key.equals("subject") ? subject : ResultFields.text(item, key);
      m.appendReplacement(b, Matcher.quoteReplacement(v));
    }
    m.appendTail(b);
    return b.toString();
  }
}
