package io.autoservice.bench.sim;

import com.google.protobuf.Timestamp;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import java.util.List;
import java.util.Map;

/**
 * The simulated agent's own messages (Hello, Heartbeat, CommandAck), shaped as the real agent's
 * FleetMessages builds them: protocol revision 1, a Windows machine, the task types it runs.
 */
final class AgentMessages {
  private AgentMessages() {}

  static AgentMessage hello(Identity id, List<String> taskTypes, Map<String, Long> openRuns) {
    Hello.Builder h =
        Hello.newBuilder()
            .setAgentId(id.agentId())
            .setMachine(
                MachineInfo.newBuilder()
                    .setHostname(id.hostname())
                    .setOsName("Windows 11 Pro")
                    .setOsVersion("10.0.22631")
                    .setAgentVersion("bench-sim")
                    .setUsername("SYSTEM"))
            .addAllSupportedTaskTypes(taskTypes)
            .putLabels("sim", "bench")
            .setProtocolRevision(1);
    openRuns.forEach(
        (run, last) -> h.addOpenRuns(OpenRun.newBuilder().setRunId(run).setLastSequence(last)));
    return AgentMessage.newBuilder().setHello(h).build();
  }

  static AgentMessage heartbeat(String currentRunId) {
    long now = System.currentTimeMillis();
    return AgentMessage.newBuilder()
        .setHeartbeat(
            Heartbeat.newBuilder()
                .setCurrentRunId(currentRunId)
                .setSentAt(
                    Timestamp.newBuilder()
                        .setSeconds(now / 1000)
                        .setNanos((int) (now % 1000) * 1_000_000)))
        .build();
  }

  static AgentMessage commandAck(String runId, CommandAck.Command command) {
    return AgentMessage.newBuilder()
        .setCommandAck(
            CommandAck.newBuilder().setRunId(runId).setCommand(command).setAccepted(true))
        .build();
  }
}
