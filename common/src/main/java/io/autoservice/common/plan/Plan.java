package io.autoservice.common.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.List;

/**
 * A normalised plan: tasks run one after another, and metadata that goes into the report.
 *
 * @param tasks the tasks, in order
 * @param metadata the plan's top-level {@code metadata} object (empty when absent)
 */
public record Plan(List<TaskSpec> tasks, ObjectNode metadata) {

  public Plan {
    tasks = List.copyOf(tasks);
    metadata = metadata == null ? Json.object() : metadata;
  }

  /** The canonical JSON form: {@code {"tasks":[{"type","id"?,"params"}], "metadata"}}. */
  public ObjectNode toJson() {
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("tasks");
    for (TaskSpec t : tasks) {
      ObjectNode node = list.addObject();
      if (t.id() != null) {
        node.put("id", t.id());
      }
      node.put("type", t.type());
      node.set("params", t.params().deepCopy());
    }
    if (!metadata.isEmpty()) {
      root.set("metadata", metadata.deepCopy());
    }
    return root;
  }
}
