package io.autoservice.controller.fleet;

import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.wire.TaskSchemaWire;
import io.autoservice.controller.store.AgentStore;
import io.autoservice.controller.store.StoreWrites;
import io.autoservice.proto.v1.TaskSchema;
import io.autoservice.proto.v1.TaskSchemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each agent's task parameter schemas, from its Hello, kept with the agent so a dispatch to it is
 * checked by its own rules even while it is offline or after a restart. An agent that sent none (an
 * older one), sent malformed ones, or whose stored row does not read, is not checked at dispatch:
 * its own check on receipt remains. Never an error.
 */
public final class AgentSchemas {
  private static final Logger log = LoggerFactory.getLogger(AgentSchemas.class);

  private final AgentStore store;
  private final StoreWrites writer;
  private final Map<String, Map<String, ParamSchema>> known = new ConcurrentHashMap<>();

  AgentSchemas(AgentStore store, StoreWrites writer) {
    this.store = store;
    this.writer = writer;
  }

  /** The schemas an agent sent in its Hello (hostile input: checked, bounded, else ignored). */
  public void reported(String agentId, List<TaskSchema> wire) {
    List<TaskSchema> kept = wire;
    Map<String, ParamSchema> schemas;
    try {
      schemas = TaskSchemaWire.fromProto(wire);
    } catch (IllegalArgumentException e) {
      log.warn(
          "agent {}: its task schemas are ignored, its plans are checked only on the agent: hello.{}",
          agentId,
          e.getMessage());
      kept = List.of();
      schemas = Map.of();
    }
    known.put(agentId, schemas);
    // Re-encoded from what was accepted: what is stored is bounded as what was checked.
    byte[] bytes = TaskSchemas.newBuilder().addAllSchemas(kept).build().toByteArray();
    writer.submit(b -> b.taskSchemas(agentId, bytes), () -> {});
  }

  /** The agent's schemas by task type; empty when it is not checked at dispatch. */
  public Map<String, ParamSchema> of(String agentId) {
    return known.computeIfAbsent(agentId, this::load);
  }

  private Map<String, ParamSchema> load(String agentId) {
    Optional<byte[]> stored;
    try {
      stored = store.taskSchemas(agentId);
    } catch (RuntimeException e) {
      log.warn(
          "agent {}: its stored task schemas cannot be read ({}); its plans are checked only on the agent",
          agentId,
          e.toString());
      return Map.of();
    }
    if (stored.isEmpty()) {
      return Map.of();
    }
    try {
      return TaskSchemaWire.fromProto(TaskSchemas.parseFrom(stored.get()).getSchemasList());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      log.warn(
          "agent {}: its stored task schemas are not readable ({}); its plans are checked only on the agent",
          agentId,
          e.getMessage());
      return Map.of();
    }
  }
}
