package io.autoservice.controller.schedules;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.store.RunStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents the test declares, online or not; a launch stores the run in the real run store (a plain
 * INSERT: a second run of one id would fail) unless it is stored already, as the controller's
 * bridge does.
 */
final class TestFleet implements ScheduleFleet {
  final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
  final Set<String> online = ConcurrentHashMap.newKeySet();
  final List<String> created = Collections.synchronizedList(new ArrayList<>());
  private final RunStore runs;
  private final Clock clock;

  TestFleet(RunStore runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  TestFleet add(String id, Map<String, String> labels, boolean isOnline) {
    agents.put(
        id,
        new AgentRecord(
            id,
            "host-" + id,
            "Linux",
            "6",
            "1",
            "u",
            labels,
            List.of("hello_service"),
            Instant.EPOCH,
            Instant.EPOCH));
    if (isOnline) {
      online.add(id);
    }
    return this;
  }

  @Override
  public Optional<AgentRecord> known(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  @Override
  public List<AgentRecord> matching(Map<String, String> selector) {
    return agents.values().stream().filter(a -> a.matches(selector)).toList();
  }

  @Override
  public boolean online(String agentId) {
    return online.contains(agentId);
  }

  @Override
  public CompletableFuture<?> launch(ScheduleRecord s, AgentRecord agent, String runId) {
    if (runs.run(runId).isPresent()) {
      return CompletableFuture.completedFuture(null);
    }
    Instant now = clock.instant();
    runs.insertAll(
        List.of(
            new RunRecord(
                runId,
                agent.agentId(),
                agent.hostname(),
                runs.maxQueueSeq() + 1,
                RunState.QUEUED,
                null,
                s.plan(),
                0,
                "schedule:" + s.name(),
                now,
                now.plusSeconds(3600),
                null,
                0,
                null,
                null,
                null)));
    created.add(agent.agentId());
    return CompletableFuture.completedFuture(null);
  }
}
