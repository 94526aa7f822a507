package io.autoservice.agent.fleet;

import com.google.protobuf.Timestamp;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.common.wire.TaskSchemaWire;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AgentStats;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the agent's own wire messages (Hello, Heartbeat, CommandAck). Run events and plans go
 * through {@code WireMapper}; what is here has no domain type in {@code common} to map from.
 */
final class FleetMessages {
  /** The revision of PROTOCOL.md this agent speaks. */
  static final int PROTOCOL_REVISION = 1;

  private FleetMessages() {}

  static AgentMessage hello(AgentProfile profile, Map<String, Long> openRuns) {
    Hello.Builder hello =
        Hello.newBuilder()
            .setAgentId(profile.agentId())
            .setMachine(machine(profile.machine()))
            .addAllSupportedTaskTypes(profile.taskTypes())
            .putAllLabels(profile.labels())
            .setProtocolRevision(PROTOCOL_REVISION);
    profile
        .paramSchemas()
        .forEach((type, schema) -> hello.addTaskSchemas(TaskSchemaWire.toProto(type, schema)));
    openRuns.forEach(
        (runId, last) ->
            hello.addOpenRuns(OpenRun.newBuilder().setRunId(runId).setLastSequence(last)));
    return AgentMessage.newBuilder().setHello(hello).build();
  }

  static MachineInfo machine(MachineFacts facts) {
    return MachineInfo.newBuilder()
        .setHostname(facts.hostname())
        .setOsName(facts.osName())
        .setOsVersion(facts.osVersion())
        .setAgentVersion(facts.agentVersion())
        .setUsername(facts.username())
        .build();
  }

  static AgentMessage heartbeat(Instant now, String currentRunId) {
    return heartbeat(now, currentRunId, Optional.empty());
  }

  /** A heartbeat, with the agent's figures when they changed. */
  static AgentMessage heartbeat(Instant now, String currentRunId, Optional<AgentStats> stats) {
    Heartbeat.Builder h =
        Heartbeat.newBuilder()
            .setSentAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setCurrentRunId(currentRunId == null ? "" : currentRunId);
    stats.ifPresent(h::setStats);
    return AgentMessage.newBuilder().setHeartbeat(h).build();
  }

  static AgentMessage renewCertificate(String csrPem) {
    return AgentMessage.newBuilder()
        .setRenewCertificate(
            io.autoservice.proto.v1.RenewCertificate.newBuilder().setCsrPem(csrPem))
        .build();
  }

  static AgentMessage ack(String runId, CommandAck.Command command, FleetRunner.Decision decision) {
    return AgentMessage.newBuilder()
        .setCommandAck(
            CommandAck.newBuilder()
                .setRunId(runId)
                .setCommand(command)
                .setAccepted(decision.accepted())
                .setError(decision.error()))
        .build();
  }
}
