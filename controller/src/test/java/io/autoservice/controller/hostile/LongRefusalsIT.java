package io.autoservice.controller.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A refusal that quotes a hostile value must still reach the peer: a status description rides in an
 * HTTP/2 trailer, and one over the peer's header limit (8 KiB, after percent-encoding that makes a
 * CJK character nine bytes) arrives as a bare "http2 exception" instead of the reason. Found by
 * {@link HostilePeerIT}.
 */
class LongRefusalsIT {
  @Test
  void shouldRefuseAHugeAgentIdWithAReasonTheAgentReceives() throws Exception {
    try (HostileController controller =
        new HostileController(Files.createTempDirectory(Path.of("target"), "refusals-"))) {
      for (String id : new String[] {"a".repeat(9_000), "日".repeat(70_000)}) {
        // when
        HostileAgent agent = HostileAgent.connect(controller);
        agent.send(
            Hello.newBuilder()
                .setAgentId(id)
                .setMachine(MachineInfo.newBuilder().setHostname("pc"))
                .setProtocolRevision(1)
                .build());
        agent.next(2_000);
        Status status = agent.finish();

        // then
        assertThat(status.getCode())
            .as(String.valueOf(status.getDescription()))
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("hello.agent_id").hasSizeLessThan(500);
      }
    }
  }
}
